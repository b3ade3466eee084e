import type pg from 'pg';
import { type Db, migrateDatabase } from '../server/db/database.js';
import { seedMasterData, seedOrganisation } from '../server/db/seed.js';
import { benchDatabase, suffixedUrl } from './bench-database.js';

export type FeedbackDataOptions = { customers: number; equipment: number; tickets: number; reuse: boolean };
export type FeedbackCounts = {
  customers: number;
  keyCustomers: number;
  equipment: number;
  activeEquipment: number;
  inWarranty: number;
  engineers: number;
  tickets: number;
  closedTickets: number;
  assignments: number;
  surveys: number;
  answeredSurveys: number;
  pendingSurveys: number;
  expiredPending: number;
  supersededSurveys: number;
  lowScoreSurveys: number;
  complaints: number;
  returnVisits: number;
  databaseMb: number;
};
export type FeedbackGeneration = { reused: boolean; totalMs: number; stepsMs: Record<string, number> };
export type FeedbackPrepared = {
  generation: FeedbackGeneration;
  counts: FeedbackCounts;
  stations: Record<string, number>;
  /** The return_visits' highest id before measuring: the run's generated visits are above it. */
  returnVisitMark: number;
};

const META = 'bench_feedback_generation';
const TIME_ZONE = 'Asia/Shanghai';
const ENGINEERS_PER_STATION = 15;
const log = (message: string) => console.log(`  ${message}`);

async function withClient<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.$client.connect();
  try {
    await client.query("set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '512MB'");
    return await work(client);
  } finally {
    await client.query('reset all').catch(() => undefined);
    client.release();
  }
}

function timer(stepsMs: Record<string, number>) {
  let mark = performance.now();
  return (name: string) => {
    const now = performance.now();
    stepsMs[name] = Math.round(now - mark);
    log(`${name}: ${(stepsMs[name] / 1000).toFixed(1)} s`);
    mark = now;
  };
}

type Meta = { customers: number; equipment: number; tickets: number; marks: Record<string, number> };

async function readMeta(client: pg.Pool): Promise<Meta | undefined> {
  const { rows } = await client.query(`select to_regclass('public.${META}') is not null as present`);
  if (!rows[0].present) return undefined;
  return (await client.query(`select customers, equipment, tickets, marks from ${META}`)).rows[0];
}

/** Highest id of every table with an identity `id`: what a later run's additions are above. */
async function identityMarks(client: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await client.query<{ table_name: string }>(
    `select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'id' and is_identity = 'YES' order by table_name`,
  );
  const marks: Record<string, number> = {};
  for (const { table_name } of rows) {
    marks[table_name] = Number(
      (await client.query(`select coalesce(max(id), 0)::bigint as max from ${table_name}`)).rows[0].max,
    );
  }
  return marks;
}

/** Every index of `table` but its primary key and constraint indexes, dropped for the bulk load. */
async function dropIndexes(client: pg.PoolClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = $1::regclass and not i.indisprimary
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [`public.${table}`],
  );
  for (const index of rows) await client.query(`drop index ${index.name}`);
  return rows.map((row) => row.definition);
}

/** The identity sequence of `table` continues after its highest id (rows were inserted with explicit ids). */
async function syncIdentity(client: pg.PoolClient, table: string) {
  await client.query(
    `select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select max(id) from ${table}), 1))`,
  );
}

const LOADED = ['customers', 'equipment', 'tickets', 'assignments', 'surveys', 'complaints', 'return_visits'];

async function generate(db: Db, options: FeedbackDataOptions): Promise<FeedbackGeneration> {
  const stepsMs: Record<string, number> = {};
  const started = performance.now();
  const step = timer(stepsMs);
  await migrateDatabase(db);
  const { stationId } = await seedOrganisation(db);
  await seedMasterData(db, stationId, { customers: 300, equipment: 900 });
  step('migrate, organisation, models, 300 customers, 900 equipment (seed code)');

  await withClient(db, async (client) => {
    const indexes: string[] = [];
    for (const table of LOADED) indexes.push(...(await dropIndexes(client, table)));
    // The data is generated consistent: no foreign-key trigger per row while loading.
    await client.query('set session_replication_role = replica');
    await client.query('select setseed(0.2026)');
    const tz = client.escapeLiteral(TIME_ZONE);

    // ---------- engineers ----------
    await client.query(
      `insert into users (username, display_name, phone, password_hash, roles, station_id, department_id, skills, specialty)
       select 'eng.' || lower(s.code) || '.' || lpad(n::text, 2, '0'),
              (array['张','王','李','赵','刘','陈','杨','黄','周','吴','徐','孙','马','朱','胡'])[1 + (n * 7 + s.id) % 15]
                || (array['伟','强','磊','军','勇','杰','涛','斌','超','明'])[1 + (n * 3 + s.id) % 10] || '工',
              '139' || lpad((s.id * 1000 + n)::text, 8, '0'),
              (select password_hash from users where username = 'admin'),
              array['engineer'], s.id, (select id from departments where code = 'SH'),
              array['hardware', 'software', 'data', 'integration'], 'repair'
         from stations s cross join generate_series(1, $1::int) n
        where s.code in ('BJ', 'SH', 'GZ')`,
      [ENGINEERS_PER_STATION],
    );

    // ---------- customers ----------
    const moreCustomers = Math.max(0, options.customers - 300);
    await client.query(
      `insert into customers (code, kind, name, phone, province, city, region, level, station_id, is_active, search_text)
       select x.code, x.kind, x.name, x.phone, x.province, x.city, x.region, x.level, s.id, x.active,
              concat_ws(' ', x.name, x.code, x.phone)
         from (
           select d.*, 'KH' || lpad(nextval('customer_code_seq')::text, 6, '0') as code,
             case when d.a < 0.7 then 'organisation' else 'person' end as kind,
             case when d.a < 0.7 and d.k < 0.17 then 'key' else 'regular' end as level,
             d.z > 0.01 as active,
             (array['北京','天津','石家庄','上海','苏州','杭州','广州','深圳','佛山'])[d.place] as city,
             (array['北京','天津','河北','上海','江苏','浙江','广东','广东','广东'])[d.place] as province,
             (array['华北','华北','华北','华东','华东','华东','华南','华南','华南'])[d.place] as region,
             (array['BJ','BJ','BJ','SH','SH','SH','GZ','GZ','GZ'])[d.place] as station,
             case when d.a < 0.7 then
               (array['北京','天津','石家庄','上海','苏州','杭州','广州','深圳','佛山'])[d.place]
               || (array['华能','国信','恒泰','远大','精工','瑞丰','中科','宏达','新元','博远','天成','金桥'])[1 + floor(d.b * 12)::int]
               || (array['机械','电子科技','精密仪器','自动化','能源','医疗器械','物流','环保'])[1 + floor(d.c * 8)::int]
               || (array['有限公司','股份有限公司','集团有限公司'])[1 + floor(d.k * 3)::int]
             else
               (array['王','张','李','陈','刘','周','杨','黄','赵','吴','徐','孙','胡','朱','高','林','何','郭','马','罗'])[1 + floor(d.b * 20)::int]
               || (array['伟','芳','娜','静','建国','晓东','志强','海燕','丽','军','敏','磊','洋','艳','勇','杰','娟','涛','明','超'])[1 + floor(d.c * 20)::int]
             end as name,
             '1' || (array['3','5','8','9'])[1 + floor(d.z * 4)::int] || lpad(floor(d.p * 1e9)::bigint::text, 9, '0') as phone
           from (
             select i, random() a, random() b, random() c, random() k, random() z, random() p,
                    -- BJ 40 %, SH 35 %, GZ 25 %, three cities each
                    (case when q < 0.4 then 1 when q < 0.75 then 4 else 7 end) + floor(random() * 3)::int as place
               from (select i, random() q from generate_series(1, $1::int) i) g
           ) d
         ) x
         join stations s on s.code = x.station`,
      [moreCustomers],
    );
    step(`engineers (${ENGINEERS_PER_STATION} a station), customers up to ${options.customers.toLocaleString('en')}`);

    // ---------- equipment ----------
    await client.query(`create temp table fb_customers as
      select row_number() over (order by id)::int as rn, id, station_id, name from customers`);
    await client.query(`create temp table fb_models as
      select row_number() over (order by id)::int as rn, id, code, name, warranty_months from product_models`);
    const seededUnits = Number((await client.query('select count(*)::int as n from equipment')).rows[0].n);
    await client.query(
      `insert into equipment (serial_no, model_id, customer_id, station_id, project_no, purchase_date, invoice_no,
         delivery_date, acceptance_date, commissioning_date, location, warranty_end, warranty_basis, is_active, search_text)
       select u.serial_no, u.model_id, u.customer_id, u.station_id, u.project_no, u.purchase, u.invoice_no, u.delivery,
              u.accepted, u.commissioned, u.location,
              ((coalesce(u.accepted, u.delivery, u.purchase) + make_interval(months => u.warranty_months))::date - 1),
              case when u.accepted is not null then 'acceptance' else 'delivery' end,
              u.active, concat_ws(' ', u.serial_no, u.project_no, u.customer_name, u.model_code, u.model_name)
         from (
           select v.*, split_part(v.model_code, '-', 2) || extract(year from v.purchase)::int
                         || lpad(($2::int + v.i)::text, greatest(6, length(($2::int + v.i)::text)), '0') as serial_no,
                  case when v.r_project < 0.7 then 'AB' || extract(year from v.purchase)::int
                         || lpad((1 + floor(v.r_project * 1400)::int % 999)::text, 3, '0') end as project_no,
                  case when v.accepted is not null and v.r_commission < 0.8 then v.accepted + floor(v.r_commission * 25)::int end
                    as commissioned
           from (
             select w.*, w.purchase + (3 + floor(w.r_delivery * 28)::int) as delivery,
                    case when w.r_accept < 0.92 and w.purchase + (3 + floor(w.r_delivery * 28)::int) + (5 + floor(w.r_accept * 60)::int) < current_date
                         then w.purchase + (3 + floor(w.r_delivery * 28)::int) + (5 + floor(w.r_accept * 60)::int) end as accepted
             from (
               select g.i, c.id as customer_id, c.station_id, c.name as customer_name,
                      m.id as model_id, m.code as model_code, m.name as model_name, m.warranty_months,
                      current_date - (30 + floor(g.r_age * (5 * 365 - 30))::int) as purchase,
                      g.r_delivery, g.r_accept, g.r_project, g.r_commission,
                      case when g.r_invoice < 0.8 then (10000000 + floor(g.r_invoice * 89999999))::bigint::text end as invoice_no,
                      (array['一号车间','二号车间','配电室','中控室','泵房','理疗科','生产线 A','生产线 B','机房','仓库'])[1 + floor(g.r_location * 10)::int] as location,
                      g.r_active > 0.02 as active
               from (
                 select i, random() r_owner, random() r_model, random() r_age, random() r_delivery, random() r_accept,
                        random() r_project, random() r_commission, random() r_invoice, random() r_location, random() r_active
                   from generate_series(1, $1::int) i
               ) g
               join fb_customers c on c.rn = case when g.i <= (select count(*) from fb_customers) then g.i
                                                  else 1 + floor(g.r_owner * (select count(*) from fb_customers))::int end
               join fb_models m on m.rn = 1 + floor(g.r_model * (select count(*) from fb_models))::int
             ) w
           ) v
         ) u`,
      [Math.max(0, options.equipment - seededUnits), seededUnits],
    );
    step(`equipment up to ${options.equipment.toLocaleString('en')}`);

    // ---------- tickets ----------
    const refs = (
      await client.query(`select
        (select id from departments where code = 'SH') as dept,
        (select id from sla_policies where is_default limit 1) as policy,
        (select calendar_id from sla_policies where is_default limit 1) as calendar,
        (select count(*) from equipment)::int as units`)
    ).rows[0];
    await client.query(`create temp table fb_units as
      select row_number() over (order by e.id)::int as rn, e.id, e.customer_id, e.station_id, e.model_id, e.warranty_end,
             m.category, c.name as customer_name, c.phone as customer_phone
        from equipment e join customers c on c.id = e.customer_id join product_models m on m.id = e.model_id`);
    await client.query(`create temp table fb_staff as
      select s.id as station_id,
             (select array_agg(u.id order by u.id) from users u where 'engineer' = any(u.roles) and u.station_id = s.id) as engineers,
             (select u.id from users u where u.username = 'agent.' || lower(s.code)) as agent,
             (select u.id from users u where u.username = 'manager.' || lower(s.code)) as manager
        from stations s`);
    // Staging: one row per ticket with its draws, numbered in time order (id = row number).
    await client.query(
      `create unlogged table bench_fb_tickets as
       with d as (
         select i, random() r_age, random() r_hour, random() r_type, random() r_mode, random() r_unit, random() r_status,
                random() r_res, random() r_close, random() r_reopen, random() r_eng, random() r_ch
           from generate_series(1, $1::int) i),
       t as (
         select d.*, u.id as unit_id, u.customer_id, u.station_id, u.model_id, u.category, u.warranty_end,
                u.customer_name, u.customer_phone,
                least(((((now() - (730 * power(d.r_age, 1.1)) * interval '1 day') at time zone ${tz})::date
                        + time '08:00' + d.r_hour * interval '10 hours') at time zone ${tz}),
                      now() - interval '10 minutes') as received_at,
                case when d.r_type < 0.55 then 'repair' when d.r_type < 0.70 then 'consultation'
                     when d.r_type < 0.80 then 'maintenance' when d.r_type < 0.87 then 'installation'
                     when d.r_type < 0.90 then 'return_exchange' when d.r_type < 0.93 then 'parts_by_mail'
                     when d.r_type < 0.96 then 'complaint' when d.r_type < 0.98 then 'training' else 'information' end as type
           from d join fb_units u on u.rn = 1 + floor(d.r_unit * $2::int)::int),
       m as (
         select t.*,
                case when t.type = 'repair' then (case when t.r_mode < 0.35 then 'remote' when t.r_mode < 0.85 then 'on_site' else 'send_in' end)
                     when t.type in ('maintenance', 'installation', 'training') then 'on_site'
                     when t.type = 'return_exchange' then 'send_in'
                     when t.type = 'parts_by_mail' then 'parts_by_mail'
                     when t.r_mode < 0.5 then 'remote' end as service_mode,
                t.received_at + interval '1 hour' + power(t.r_res, 2) * interval '6 days' as resolved_at
           from t),
       s as (
         select m.*,
                m.resolved_at + m.r_close * interval '3 days' as closed_at,
                case when m.received_at > now() - interval '2 days' and m.r_status < 0.7 then 'classified'
                     when m.r_status < 0.01 then 'waiting_customer'
                     when m.r_status < 0.03 then 'cancelled'
                     when m.resolved_at > now() then 'in_progress'
                     when m.resolved_at + m.r_close * interval '3 days' > now() then 'resolved'
                     else 'closed' end as status
           from m)
       select x.*, 'SH' || x.period || lpad(x.seq::text, greatest(2, length(x.seq::text)), '0') as number from (
       select row_number() over (order by s.received_at, s.i)::int as id,
              row_number() over (partition by to_char(s.received_at at time zone ${tz}, 'YYMM')
                                 order by s.received_at, s.i) as seq,
              to_char(s.received_at at time zone ${tz}, 'YYMM') as period,
              s.type, s.service_mode, s.status, s.station_id, s.customer_id, s.customer_name, s.customer_phone,
              case when s.type in ('consultation', 'information', 'training', 'complaint') and s.r_unit < 0.6 then null
                   else s.unit_id end as equipment_id,
              s.model_id, s.category, s.warranty_end, s.received_at,
              case when s.status in ('resolved', 'closed') then s.resolved_at end as resolved_at,
              case when s.status = 'closed' then s.closed_at end as closed_at,
              case when s.status = 'closed' and s.r_reopen < 0.015 then 1 else 0 end as reopen_count,
              case when s.status in ('resolved', 'closed') and s.type not in ('consultation', 'information', 'parts_by_mail')
                   then f.engineers[1 + floor(power(s.r_eng, 1.4) * cardinality(f.engineers))::int] end as engineer_id,
              f.agent, f.manager,
              case when s.r_ch < 0.58 then 'phone' when s.r_ch < 0.73 then 'wechat' when s.r_ch < 0.81 then 'email'
                   when s.r_ch < 0.89 then 'web' when s.r_ch < 0.95 then 'walk_in' else 'dealer' end as channel,
              s.r_res as r_fault
         from s join fb_staff f on f.station_id = s.station_id) x`,
      [options.tickets, refs.units],
    );
    step(`staging: ${options.tickets.toLocaleString('en')} tickets numbered`);

    await client.query(
      `insert into tickets (id, number, type, channel, classification, status, fault_level, service_mode, station_id,
         receiving_department_id, handling_department_id, customer_id, contact_name, contact_phone, equipment_id,
         product_model_id, product_category, warranty_status, title, description, received_at, received_by,
         sla_policy_id, calendar_id, reopen_count, first_response_at, arrived_at, resolved_at, closed_at, search_text,
         version, created_at, updated_at)
       overriding system value
       select t.id, t.number, t.type, t.channel, case when t.r_fault < 0.08 then 'quality' else 'technical' end, t.status,
              case when t.r_fault < 0.04 then 1 when t.r_fault < 0.22 then 2 when t.r_fault < 0.77 then 3 else 4 end,
              t.service_mode, t.station_id, $1, $1, t.customer_id, t.customer_name, t.customer_phone, t.equipment_id,
              case when t.equipment_id is not null then t.model_id end,
              case when t.equipment_id is not null then t.category else 'undetermined' end,
              case when t.equipment_id is null or t.warranty_end is null then 'unknown'
                   when t.warranty_end < (t.received_at at time zone ${tz})::date then 'expired'
                   when t.warranty_end <= (t.received_at at time zone ${tz})::date + 30 then 'expiring'
                   else 'in_warranty' end,
              (case t.type when 'repair' then '设备故障报修' when 'consultation' then '使用咨询' when 'maintenance' then '定期保养'
                 when 'installation' then '安装调试' when 'return_exchange' then '退换货' when 'parts_by_mail' then '备件邮寄'
                 when 'complaint' then '服务投诉' when 'training' then '操作培训' else '资料索取' end),
              '', t.received_at, t.agent, $2, $3, t.reopen_count,
              case when t.status not in ('classified', 'cancelled') then t.received_at + interval '20 minutes' end,
              case when t.resolved_at is not null and t.service_mode = 'on_site'
                   then t.received_at + (t.resolved_at - t.received_at) * 0.4 end,
              t.resolved_at, t.closed_at, concat_ws(' ', t.number, t.customer_phone),
              case when t.status = 'closed' then 6 + 2 * t.reopen_count else 2 end,
              t.received_at, coalesce(t.closed_at, t.resolved_at, t.received_at)
         from bench_fb_tickets t order by t.id`,
      [refs.dept, refs.policy, refs.calendar],
    );
    await syncIdentity(client, 'tickets');
    await client.query(`
      insert into document_counters (prefix, period, last_value)
      select 'SH', period, count(*) from bench_fb_tickets group by period
      on conflict (prefix, period) do update set last_value = excluded.last_value`);
    step('tickets');

    // Lead assignments of the resolved and closed tickets that needed an engineer (completed).
    await client.query(`
      insert into assignments (ticket_id, engineer_id, role, status, assigned_by, assigned_at, responded_at, version)
      select t.id, t.engineer_id, 'lead', 'completed', t.manager, a.at, a.at + interval '5 minutes', 3
        from bench_fb_tickets t
        cross join lateral (select t.received_at + least(interval '30 minutes' + t.r_fault * interval '3 hours',
                                                         (t.resolved_at - t.received_at) / 2) as at) a
       where t.engineer_id is not null order by t.id`);
    step('assignments');

    // ---------- surveys ----------
    // Draws per closed ticket; the survey of the last closure has id = ticket id (ids are free: no survey yet).
    await client.query(
      `create unlogged table bench_fb_surveys as
       with c as (
         select t.id as ticket_id, t.station_id, t.customer_id, t.engineer_id, t.agent, t.closed_at, t.reopen_count,
                t.resolved_at, t.received_at, random() r_answer, random() r_channel, random() r_delay, random() r_overall,
                random() r_attitude, random() r_skill, random() r_arrival, random() r_promise, random() r_comment,
                -- each engineer's customers are more or less happy with them
                case when t.engineer_id is null then 0.93 else 0.86 + 0.12 * ((t.engineer_id * 7919) % 101) / 100.0 end as q
           from bench_fb_tickets t where t.status = 'closed'),
       a as (
         select c.*,
                case when c.r_channel < 0.55 then 'link' else 'phone' end as channel,
                case when c.r_channel < 0.55 then c.closed_at + interval '5 minutes' + power(c.r_delay, 2) * interval '6 days 12 hours'
                     else c.closed_at + interval '1 hour' + c.r_delay * interval '15 hours' end as answer_at,
                case when c.r_overall < c.q * 0.62 then 0 when c.r_overall < c.q then 1
                     when c.r_overall < c.q + (1 - c.q) * 0.7 then 2 else 3 end as overall
           from c),
       l as (
         select a.*, a.r_answer < 0.8 and a.answer_at <= now() as answered,
                least(3, greatest(0, a.overall + case when a.r_attitude < 0.12 then -1 when a.r_attitude > 0.85 then 1 else 0 end)) as attitude,
                least(3, greatest(0, a.overall + case when a.r_skill < 0.12 then -1 when a.r_skill > 0.85 then 1 else 0 end)) as skill,
                least(3, greatest(0, a.overall + case when a.r_arrival < 0.12 then -1 when a.r_arrival > 0.85 then 1 else 0 end)) as arrival,
                least(3, greatest(0, a.overall + case when a.r_promise < 0.12 then -1 when a.r_promise > 0.85 then 1 else 0 end)) as promise
           from a)
       select l.*, l.answered and (l.overall = 3 or 3 in (l.attitude, l.skill, l.arrival, l.promise)) as low
         from l`,
    );
    const levels = "(array['very_satisfied','satisfied','fair','dissatisfied'])";
    await client.query(
      `insert into surveys (id, ticket_id, closure_no, station_id, customer_id, engineer_id, status, closed_at, due_at,
         token_hash, token_expires_at, channel, attitude, skill, arrival, promise, overall, satisfied, low_score, comment,
         answered_at, answered_by, version, created_at)
       overriding system value
       select s.ticket_id, s.ticket_id, s.reopen_count, s.station_id, s.customer_id, s.engineer_id,
              case when s.answered then 'answered' else 'pending' end,
              s.closed_at, s.closed_at + interval '16 hours',
              encode(sha256(convert_to('bench-feedback-survey:' || s.ticket_id || ':' || s.reopen_count, 'UTF8')), 'hex'),
              s.closed_at + interval '7 days',
              case when s.answered then s.channel end,
              case when s.answered then ${levels}[1 + s.attitude] end,
              case when s.answered then ${levels}[1 + s.skill] end,
              case when s.answered then ${levels}[1 + s.arrival] end,
              case when s.answered then ${levels}[1 + s.promise] end,
              case when s.answered then ${levels}[1 + s.overall] end,
              case when s.answered then s.overall <= 1 end,
              case when s.answered then s.low end,
              case when s.answered and (s.low or s.r_comment < 0.1) then
                (case when s.low then (array['工程师到场太晚','问题没有彻底解决','服务态度差','收费不合理'])[1 + floor(s.r_comment * 4)::int]
                      else (array['服务很好，谢谢','工程师很专业','响应及时'])[1 + floor(s.r_comment * 30)::int] end) end,
              case when s.answered then s.answer_at end,
              case when s.answered and s.channel = 'phone' then s.agent end,
              case when s.answered then 2 else 1 end, s.closed_at
         from bench_fb_surveys s order by s.ticket_id`,
    );
    // The first closure of a reopened ticket: its unanswered survey was superseded by the re-closure.
    await client.query(
      `insert into surveys (id, ticket_id, closure_no, station_id, customer_id, engineer_id, status, closed_at, due_at,
         token_hash, token_expires_at, version, created_at)
       overriding system value
       select $1::int + row_number() over (order by s.ticket_id), s.ticket_id, 0, s.station_id, s.customer_id, s.engineer_id,
              'superseded', f.at, f.at + interval '16 hours',
              encode(sha256(convert_to('bench-feedback-survey:' || s.ticket_id || ':0', 'UTF8')), 'hex'),
              f.at + interval '7 days', 2, f.at
         from bench_fb_surveys s
         cross join lateral (select s.received_at + (s.resolved_at - s.received_at) * 0.5 as at) f
        where s.reopen_count = 1`,
      [options.tickets],
    );
    await syncIdentity(client, 'surveys');
    step('surveys');

    // ---------- what a low score opens: a complaint (closed long since) and a follow-up visit ----------
    await client.query(
      `insert into complaints (id, number, station_id, channel, category, severity, status, customer_id, ticket_id,
         equipment_id, engineer_id, survey_id, contact_name, contact_phone, description, handler_id, root_cause,
         responsibility, solution, approved_by, approved_at, reply, handling_satisfaction, recorded_at, contacted_at,
         report_due_at, reported_at, replied_at, closed_at, step_started_at, step_due_at, version, created_at, updated_at)
       overriding system value
       select c.id, 'TS' || c.period || lpad(c.seq::text, greatest(2, length(c.seq::text)), '0'), c.station_id, 'survey',
              (array['non_quality','negligence','attitude','slow_repair','price_too_high','repair_still_faulty','product_quality'])[1 + floor(c.r_comment * 7)::int],
              'normal', 'closed', c.customer_id, c.ticket_id, t.equipment_id, c.engineer_id, c.ticket_id, t.customer_name,
              t.customer_phone, '满意度调查低分（工单 ' || t.number || '）', t.manager, '已调查', 'engineer', '已处理',
              t.manager, c.answer_at + interval '2 days', '已答复客户', 'satisfied', c.answer_at,
              c.answer_at + interval '1 hour', c.answer_at + interval '3 days', c.answer_at + interval '2 days',
              c.answer_at + interval '3 days', c.answer_at + interval '5 days', c.answer_at + interval '5 days', null, 9,
              c.answer_at, c.answer_at + interval '5 days'
         from (select s.*, row_number() over (order by s.answer_at, s.ticket_id)::int as id,
                      to_char(s.answer_at at time zone ${tz}, 'YYMM') as period,
                      row_number() over (partition by to_char(s.answer_at at time zone ${tz}, 'YYMM')
                                         order by s.answer_at, s.ticket_id)::int as seq
                 from bench_fb_surveys s where s.low) c
         join bench_fb_tickets t on t.id = c.ticket_id`,
    );
    await syncIdentity(client, 'complaints');
    await client.query(`
      insert into document_counters (prefix, period, last_value)
      select 'complaint:TS', substr(number, 3, 4), count(*) from complaints group by 2
      on conflict (prefix, period) do update set last_value = excluded.last_value`);
    await client.query('update surveys s set complaint_id = c.id from complaints c where c.survey_id = s.id');
    step('complaints of the low scores');

    // ---------- return visits the app schedules by itself (all but the periodic rules) ----------
    // Each resolution: a phone check 48 h after remote handling, a visit 72 h after an on-site or send-in repair.
    await client.query(
      `insert into return_visits (rule, method, subject_id, period_start, period_end, station_id, customer_id,
         equipment_id, ticket_id, due_at, status, attempts, outcome, completed_at, completed_by, version, created_at, updated_at)
       select v.rule, 'phone', v.id, v.start_day, greatest((v.due_at at time zone ${tz})::date + 1, v.start_day + 1),
              v.station_id, v.customer_id, v.equipment_id, v.id, v.due_at,
              case when v.due_at < now() - interval '1 day' then 'done' else 'open' end,
              case when v.due_at < now() - interval '1 day' then 1 else 0 end,
              case when v.due_at < now() - interval '1 day' then 'satisfied' end,
              case when v.due_at < now() - interval '1 day' then v.due_at - interval '2 hours' end,
              case when v.due_at < now() - interval '1 day' then v.agent end,
              case when v.due_at < now() - interval '1 day' then 2 else 1 end,
              v.resolved_at, coalesce(case when v.due_at < now() - interval '1 day' then v.due_at - interval '2 hours' end, v.resolved_at)
         from (select t.*, (t.resolved_at at time zone ${tz})::date as start_day,
                      case when t.service_mode = 'remote' then 'after_remote' else 'after_repair' end as rule,
                      t.resolved_at + case when t.service_mode = 'remote' then interval '48 hours' else interval '72 hours' end as due_at
                 from bench_fb_tickets t
                where t.resolved_at is not null and t.service_mode in ('remote', 'on_site', 'send_in')
                  and t.type not in ('consultation', 'information', 'complaint', 'training')) v
        order by v.resolved_at`,
    );
    // A low score: a follow-up call due with the complaint's contact step (2 h).
    await client.query(
      `insert into return_visits (rule, method, subject_id, period_start, period_end, station_id, customer_id,
         equipment_id, ticket_id, due_at, status, reason, attempts, outcome, completed_at, completed_by, version,
         created_at, updated_at)
       select 'survey_follow_up', 'phone', s.ticket_id, (d.due at time zone ${tz})::date,
              (d.due at time zone ${tz})::date + 1, c.station_id, s.customer_id, t.equipment_id, s.ticket_id, d.due,
              'done', '满意度调查低分', 1, 'satisfied', d.due, s.agent, 2, s.answer_at, d.due
         from bench_fb_surveys s
         join bench_fb_tickets t on t.id = s.ticket_id
         join customers c on c.id = s.customer_id
         cross join lateral (select s.answer_at + interval '2 hours' as due) d
        where s.low order by s.answer_at`,
    );
    step('return visits of resolutions and low scores');

    await client.query('set session_replication_role = origin');
    for (const definition of indexes) await client.query(definition);
    step(`${indexes.length} secondary indexes rebuilt`);
    await client.query('drop table bench_fb_tickets, bench_fb_surveys');
  });
  await db.$client.query('vacuum (analyze)');
  step('vacuum analyze');
  await db.$client.query(`create table if not exists ${META} (
    id int primary key default 1 check (id = 1), customers int not null, equipment int not null, tickets int not null,
    marks jsonb not null)`);
  await db.$client.query(
    `insert into ${META} (customers, equipment, tickets, marks) values ($1, $2, $3, $4)
     on conflict (id) do update set customers = $1, equipment = $2, tickets = $3, marks = $4`,
    [options.customers, options.equipment, options.tickets, JSON.stringify(await identityMarks(db.$client))],
  );
  return { reused: false, totalMs: Math.round(performance.now() - started), stepsMs };
}

/** Back to the generated rows: what earlier runs added (generated visits, audit entries…) is deleted. */
async function reset(db: Db, meta: Meta): Promise<FeedbackGeneration> {
  const stepsMs: Record<string, number> = {};
  const started = performance.now();
  const step = timer(stepsMs);
  let deleted = 0;
  await withClient(db, async (client) => {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    for (const [table, mark] of Object.entries(meta.marks)) {
      const result = await client.query(`delete from ${table} where id > $1`, [Number(mark)]);
      deleted += result.rowCount ?? 0;
    }
    await client.query('commit');
  });
  step(`reset (${deleted.toLocaleString('en')} rows of earlier runs removed)`);
  // The deleted visits leave dead index entries: a vacuum keeps the next generation comparable.
  await db.$client.query('vacuum (analyze) return_visits');
  step('vacuum analyze return_visits');
  return { reused: true, totalMs: Math.round(performance.now() - started), stepsMs };
}

async function counts(client: pg.Pool): Promise<FeedbackCounts> {
  const { rows } = await client.query(`select
    (select count(*) from customers)::int as customers,
    (select count(*) from customers where level = 'key')::int as "keyCustomers",
    (select count(*) from equipment)::int as equipment,
    (select count(*) from equipment where is_active)::int as "activeEquipment",
    (select count(*) from equipment where warranty_end >= current_date)::int as "inWarranty",
    (select count(*) from users where 'engineer' = any(roles))::int as engineers,
    (select count(*) from tickets)::int as tickets,
    (select count(*) from tickets where status = 'closed')::int as "closedTickets",
    (select count(*) from assignments)::int as assignments,
    (select count(*) from surveys)::int as surveys,
    (select count(*) from surveys where status = 'answered')::int as "answeredSurveys",
    (select count(*) from surveys where status = 'pending')::int as "pendingSurveys",
    (select count(*) from surveys where status = 'pending' and token_expires_at < now())::int as "expiredPending",
    (select count(*) from surveys where status = 'superseded')::int as "supersededSurveys",
    (select count(*) from surveys where low_score)::int as "lowScoreSurveys",
    (select count(*) from complaints)::int as complaints,
    (select count(*) from return_visits)::int as "returnVisits",
    round(pg_database_size(current_database()) / 1048576.0)::int as "databaseMb"`);
  return rows[0];
}

async function fill(db: Db, options: FeedbackDataOptions): Promise<FeedbackPrepared | undefined> {
  const { rows } = await db.$client.query("select to_regclass('public.surveys') is not null as migrated");
  let generation: FeedbackGeneration;
  if (!rows[0].migrated) generation = await generate(db, options);
  else {
    const meta = await readMeta(db.$client);
    const same =
      meta &&
      meta.customers === options.customers &&
      meta.equipment === options.equipment &&
      meta.tickets === options.tickets;
    if (!same) return undefined;
    const migrated = await migrateDatabase(db).then(
      () => true,
      (error: Error) => {
        log(`the kept feedback data does not migrate (${error.message.split('\n')[0]}); generating anew`);
        return false;
      },
    );
    if (!migrated) return undefined;
    log('reusing the feedback data of an earlier run');
    generation = await reset(db, meta);
  }
  const stations = await db.$client.query('select id, code from stations');
  const mark = await db.$client.query('select coalesce(max(id), 0)::int as max from return_visits');
  return {
    generation,
    counts: await counts(db.$client),
    stations: Object.fromEntries(stations.rows.map((row) => [row.code, row.id])),
    returnVisitMark: mark.rows[0].max,
  };
}

const database = benchDatabase<FeedbackDataOptions, FeedbackPrepared>('embedded-feedback', fill);
export const {
  embeddedDataDir: feedbackEmbeddedDataDir,
  removeEmbedded: removeFeedbackEmbedded,
  prepareEmbedded: prepareFeedbackEmbedded,
  prepareServer: prepareFeedbackServer,
  dropServer: dropFeedbackServerDatabase,
  embeddedConnection: feedbackEmbeddedConnection,
} = database;

/** The feedback benchmark's database on the server: the bench database's name + `_feedback`. */
export const feedbackServerUrl = (benchUrl: string) => suffixedUrl(benchUrl, 'feedback');
