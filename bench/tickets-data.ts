/**
 * The benchmark's service tickets: N tickets (default 1 000 000) over the bench customers and
 * equipment and the 24 months before "now", generated with set-based SQL (generate_series into an
 * unlogged staging table, numbering with a window function, one INSERT … SELECT per half run on two
 * connections, secondary indexes built afterwards). About 95 % are closed; the open ones (mostly
 * recent) are in every state of the lifecycle and get their SLA clocks, pauses, loaner tasks and
 * live assignments computed by the application's own deadline rules, so some deadlines are at risk
 * or breached when the benchmark runs. Numbers follow TKT-5 and document_counters matches them.
 *
 * A reused database is first put back to the generated state (rows added by the last run's
 * creations are deleted and the counters restored, see `resetToGenerated`) and the open tickets'
 * times are moved forward by the time since they were generated (`retime`).
 */
import type pg from 'pg';
import type { Db } from '../server/db/database.js';
import { compileCalendar, type PauseInterval } from '../server/modules/sla/business-time.rules.js';
import { readCalendarDefinition } from '../server/modules/sla/calendars.js';
import { seedSlaDefaults } from '../server/modules/sla/sla.seed.js';
import type { SlaTarget } from '../server/modules/sla/sla.table.js';
import { clocksFor, computeClock, type InternalDeadlines } from '../server/modules/sla/sla-clock.rules.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TIME_ZONE = 'Asia/Shanghai';
/** The setting defaults the generated clocks are computed with (settings.rules.ts). */
const internalDeadlines: InternalDeadlines = {
  intakeMinutes: 120,
  qualityAssignmentMinutes: 120,
  technicalPlanMinutes: 240,
  remoteVerificationMinutes: 2880,
  loanerAfterWorkingMinutes: 600,
};
const AT_RISK_PERCENT = 80;
const LOANER_DUE_MINUTES = 720;

export type TicketCounts = {
  tickets: number;
  openTickets: number;
  runningClocks: number;
  atRiskClocks: number;
  breachedClocks: number;
};

/** The bench's own bookkeeping, next to the application's tables (the app never reads it). */
const metaTable = 'bench_generation';

export type GenerationMeta = {
  customers: number;
  equipment: number;
  tickets: number;
  generatedAt: Date;
  /** The instant the open tickets' times refer to (moved forward on reuse). */
  timesAsOf: Date;
  /** Highest id of every table with an identity id, right after generation. */
  marks: Record<string, number>;
  counters: { prefix: string; period: string; last_value: number }[];
};

export async function readMeta(client: pg.Pool | pg.PoolClient): Promise<GenerationMeta | undefined> {
  const { rows } = await client.query(`select to_regclass('public.${metaTable}') is not null as present`);
  if (!rows[0].present) return undefined;
  const found = await client.query(
    `select customers, equipment, tickets, generated_at as "generatedAt", times_as_of as "timesAsOf", marks, counters from ${metaTable}`,
  );
  return found.rows[0];
}

/** Highest id of every table with an identity `id` column. */
async function identityMarks(client: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await client.query<{ table_name: string }>(
    `select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'id' and is_identity = 'YES' order by table_name`,
  );
  const marks: Record<string, number> = {};
  for (const { table_name } of rows) {
    const max = await client.query(`select coalesce(max(id), 0)::bigint as max from ${table_name}`);
    marks[table_name] = Number(max.rows[0].max);
  }
  return marks;
}

/** Records what was generated; `marks` and the counters let a later run undo its additions. */
export async function writeMeta(
  db: Db,
  sizes: { customers: number; equipment: number; tickets: number },
  generatedAt: Date,
) {
  const client = db.$client;
  await client.query(`create table if not exists ${metaTable} (
    id int primary key default 1 check (id = 1), customers int not null, equipment int not null, tickets int not null,
    generated_at timestamptz not null, times_as_of timestamptz not null, marks jsonb not null, counters jsonb not null)`);
  const marks = await identityMarks(client);
  const counters = await client.query('select prefix, period, last_value from document_counters order by 1, 2');
  await client.query(
    `insert into ${metaTable} (customers, equipment, tickets, generated_at, times_as_of, marks, counters)
     values ($1, $2, $3, $4, $4, $5, $6)
     on conflict (id) do update set customers = $1, equipment = $2, tickets = $3, generated_at = $4, times_as_of = $4,
       marks = $5, counters = $6`,
    [
      sizes.customers,
      sizes.equipment,
      sizes.tickets,
      generatedAt,
      JSON.stringify(marks),
      JSON.stringify(counters.rows),
    ],
  );
}

/**
 * Deletes every row an earlier run added after generation (tickets created over HTTP and by
 * pgbench, their clocks, events, outbox messages, notifications, audit entries, sweeper events and
 * tasks) and restores the counters, so each run starts from the same data. Foreign-key triggers
 * are off while deleting (session_replication_role = replica), so the order does not matter.
 */
export async function resetToGenerated(db: Db, meta: GenerationMeta): Promise<number> {
  const client = await db.$client.connect();
  let deleted = 0;
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    // Rows without an identity id that hang on a new ticket (e.g. ticket_clocks).
    const dependents = await client.query<{ table_name: string; column_name: string }>(
      `select c.conrelid::regclass::text as table_name, a.attname as column_name
       from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       where c.contype = 'f' and c.confrelid = 'public.tickets'::regclass and array_length(c.conkey, 1) = 1
         and not exists (select 1 from information_schema.columns i where i.table_schema = 'public'
           and i.table_name = c.conrelid::regclass::text and i.column_name = 'id' and i.is_identity = 'YES')`,
    );
    for (const { table_name, column_name } of dependents.rows) {
      const result = await client.query(`delete from ${table_name} where ${column_name} > $1`, [
        meta.marks.tickets ?? 0,
      ]);
      deleted += result.rowCount ?? 0;
    }
    for (const [table, mark] of Object.entries(meta.marks)) {
      const exists = await client.query('select to_regclass($1) is not null as present', [`public.${table}`]);
      if (!exists.rows[0].present) continue;
      const result = await client.query(`delete from ${table} where id > $1`, [mark]);
      deleted += result.rowCount ?? 0;
    }
    await client.query('delete from document_counters');
    await client.query(
      `insert into document_counters (prefix, period, last_value)
       select prefix, period, last_value from jsonb_to_recordset($1::jsonb) as x(prefix text, period text, last_value int)`,
      [JSON.stringify(meta.counters)],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return deleted;
}

/**
 * Moves every time of the open tickets (and of their clocks, pauses, tasks and assignments)
 * forward by the time since they were last set, so a reused database has as many deadlines at
 * risk and breached as a fresh one. Closed tickets keep their times.
 */
export async function retime(db: Db, meta: GenerationMeta, now: Date): Promise<number> {
  const shiftMs = now.getTime() - new Date(meta.timesAsOf).getTime();
  if (shiftMs <= 0) return 0;
  const shift = `${Math.round(shiftMs / 1000)} seconds`;
  const open = `select id from tickets where status not in ('closed', 'cancelled') and id <= ${meta.marks.tickets ?? 0}`;
  const client = await db.$client.connect();
  try {
    await client.query('begin');
    const moved = await client.query(
      `update tickets set received_at = received_at + $1::interval, created_at = created_at + $1::interval,
         updated_at = updated_at + $1::interval, first_response_at = first_response_at + $1::interval,
         technical_plan_at = technical_plan_at + $1::interval, arrived_at = arrived_at + $1::interval,
         resolved_at = resolved_at + $1::interval
       where id in (${open})`,
      [shift],
    );
    await client.query(
      `update ticket_clocks set started_at = started_at + $1::interval, due_at = due_at + $1::interval,
         at_risk_at = at_risk_at + $1::interval, stopped_at = stopped_at + $1::interval,
         at_risk_notified_at = at_risk_notified_at + $1::interval, breach_notified_at = breach_notified_at + $1::interval
       where ticket_id in (${open})`,
      [shift],
    );
    await client.query(
      `update ticket_pauses set started_at = started_at + $1::interval, ended_at = ended_at + $1::interval
       where ticket_id in (${open})`,
      [shift],
    );
    await client.query(
      `update ticket_tasks set due_at = due_at + $1::interval, created_at = created_at + $1::interval,
         done_at = done_at + $1::interval where ticket_id in (${open})`,
      [shift],
    );
    await client.query(
      `update assignments set assigned_at = assigned_at + $1::interval,
         expected_arrival_at = expected_arrival_at + $1::interval, responded_at = responded_at + $1::interval
       where ticket_id in (${open})`,
      [shift],
    );
    await client.query(`update ${metaTable} set times_as_of = $1`, [now]);
    await client.query('commit');
    await client.query('vacuum (analyze) tickets, ticket_clocks, ticket_pauses, ticket_tasks, assignments');
    return moved.rowCount ?? 0;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Removes all tickets (and everything hanging on them) and the counters: for a new ticket count on kept master data. */
export async function removeTickets(db: Db) {
  await db.$client.query('truncate tickets, document_counters restart identity cascade');
}

// ---------- generation ----------

const pick = (column: string, weighted: [string, number][]) => {
  let sum = 0;
  const branches = weighted.map(([value, weight]) => {
    sum += weight;
    return `when ${column} < ${sum.toFixed(4)} then '${value}'`;
  });
  return `case ${branches.join(' ')} else '${weighted.at(-1)![0]}' end`;
};
const fromList = (random: string, values: readonly string[]) =>
  `(array[${values.map((value) => `'${value}'`).join(',')}])[1 + floor(${random} * ${values.length})::int]`;

const titles: Record<string, string[]> = {
  repair: [
    '设备无法启动',
    '运行中突然停机',
    '变频器报 OC 过流故障',
    'PLC 通讯中断',
    '伺服报警 AL.16',
    '主轴异响',
    '温度传感器读数异常',
    '触摸屏黑屏',
    '控制柜跳闸',
    '液压系统压力不足',
    '电机过热保护动作',
    '急停回路故障',
    '软件登录后闪退',
    '数据同步失败',
  ],
  consultation: ['参数设置咨询', '操作方法咨询', '备件价格咨询', '软件升级咨询', '保修政策咨询'],
  maintenance: ['季度例行保养', '年度巡检', '更换滤芯', '润滑保养', '预防性维护'],
  installation: ['新设备安装调试', '设备搬迁后重新调试', '扩容模块安装', '系统上线调试'],
  complaint: ['维修响应太慢', '工程师未按约定时间到场', '同一故障反复出现', '服务态度投诉'],
  training: ['操作人员培训', '维护人员培训', '新版本软件培训'],
  return_exchange: ['到货外观破损要求换货', '型号发错要求退换', '配件不匹配退换'],
  parts_by_mail: ['邮寄备用电源模块', '邮寄控制板', '邮寄传感器', '邮寄密封件'],
  information: ['索取产品资料', '索取合格证书', '查询维修记录'],
};
const titleSql = `case s.type ${Object.entries(titles)
  .map(([type, list]) => `when '${type}' then ${fromList('s.r_title', list)}`)
  .join(' ')} end`;

/** Types that take a technical plan, as in sla-clock.rules.ts. */
const plannedTypes = `('repair', 'installation', 'maintenance', 'return_exchange')`;
const withEquipmentTypes = `('repair', 'maintenance', 'installation', 'return_exchange', 'parts_by_mail')`;

type Step = (name: string) => void;

/**
 * The staging table: one row per ticket with its random draws, customer/equipment, times, state
 * and number. $1 = count, $2 = now, $3 = time zone.
 */
function stageSql(): string {
  return `
  create unlogged table bench_ticket_stage as
  with draws as (
    select g as i, random() as r_eq, random() as r_cust, random() as r_age, random() as r_tod, random() as r_type,
      random() as r_chan, random() as r_class, random() as r_level, random() as r_mode, random() as r_region,
      random() as r_open, random() as r_status, random() as r_t1, random() as r_t2, random() as r_t3,
      random() as r_title, random() as r_dept, random() as r_has
    from generate_series(1, $1::int) g
  ), typed as (
    select d.*,
      ${pick('d.r_type', [
        ['repair', 0.55],
        ['consultation', 0.15],
        ['maintenance', 0.1],
        ['installation', 0.07],
        ['complaint', 0.04],
        ['training', 0.02],
        ['return_exchange', 0.03],
        ['parts_by_mail', 0.02],
        ['information', 0.02],
      ])} as type,
      (($2::timestamptz - d.r_age * interval '730 days') at time zone $3)::date as day
    from draws d
  ), timed as (
    select t.*,
      case when t.type in ${withEquipmentTypes} then t.r_has < 0.97 else t.r_has < 0.4 end as has_equipment,
      (t.day + case when t.r_tod < 0.85 then interval '8 hours' + (t.r_tod / 0.85) * interval '10 hours'
                    else ((t.r_tod - 0.85) / 0.15) * interval '24 hours' end) at time zone $3 as raw_received
    from typed t
  ), placed as (
    select t.*,
      case when t.raw_received > $2::timestamptz - interval '1 minute'
           then $2::timestamptz - interval '1 minute' - t.r_tod * interval '3 hours' else t.raw_received end as received_at
    from timed t
  )
  select p.i, p.type, p.r_eq, p.r_cust, p.r_chan, p.r_class, p.r_level, p.r_mode, p.r_region, p.r_status,
    p.r_t1, p.r_t2, p.r_t3, p.r_title, p.r_dept, p.has_equipment, p.received_at,
    least($2::timestamptz, p.received_at + p.r_t1 * interval '20 minutes') as created_at,
    -- Open with a probability that falls with age (most recent tickets are open), plus 4.5 % of all
    -- ages that still wait: about 5 % open in all.
    p.r_open < 0.9 * exp(-extract(epoch from $2::timestamptz - p.received_at) / 86400.0 / 4) + 0.045 as is_open
  from placed p`;
}

/** The tickets' columns from the stage, customers and equipment ($1 = now, $2 = time zone, $3 = user/department/policy ids as json). */
function ticketsSelectSql(): string {
  const age = `extract(epoch from $1::timestamptz - s.received_at)`;
  const ageOf = (alias: string) => `($1::timestamptz - ${alias}.received_at)`;
  // Recent open tickets are in every state; the few old ones wait for the customer or for closure.
  const openStatus = `case
      when ${age} < 7200 then case when s.r_status < 0.55 then 'received' else 'classified' end
      when ${age} < 86400 then ${fromList('s.r_status', ['classified', 'assigned', 'assigned', 'accepted', 'en_route', 'on_site', 'in_progress', 'in_progress', 'waiting_customer', 'resolved'])}
      when ${age} < 14 * 86400 then ${fromList('s.r_status', ['assigned', 'accepted', 'in_progress', 'in_progress', 'waiting_parts', 'waiting_customer', 'waiting_customer', 'resolved', 'resolved', 'customer_accepted', 'reopened', 'classified'])}
      else ${fromList('s.r_status', ['waiting_customer', 'waiting_customer', 'waiting_customer', 'resolved', 'resolved', 'resolved', 'customer_accepted', 'customer_accepted', 'customer_accepted', 'waiting_parts', 'in_progress'])}
    end`;
  return `
  with base as (
    select s.*, e.id as equipment_id, e.model_id, e.warranty_end, e.serial_no, e.category,
      c.id as customer_id, c.station_id, c.name as customer_name, c.phone as customer_phone, c.address,
      c.contact_id, c.contact_name, c.contact_mobile,
      case when s.is_open then ${openStatus}
           else case when s.r_status < 0.025 then 'cancelled' else 'closed' end end as status,
      ${pick('s.r_chan', [
        ['phone', 0.58],
        ['wechat', 0.15],
        ['web', 0.1],
        ['email', 0.07],
        ['dealer', 0.06],
        ['walk_in', 0.04],
      ])} as channel,
      case when s.r_class < 0.08 then 'quality' else 'technical' end as classification,
      case when s.r_level < 0.04 then 1 when s.r_level < 0.22 then 2 when s.r_level < 0.77 then 3 else 4 end as fault_level,
      case when s.type = 'parts_by_mail' then 'parts_by_mail' else ${pick('s.r_mode', [
        ['on_site', 0.45],
        ['remote', 0.33],
        ['send_in', 0.13],
        ['parts_by_mail', 0.09],
      ])} end as mode,
      ${pick('s.r_region', [
        ['any', 0.6],
        ['urban', 0.3],
        ['suburban', 0.1],
      ])} as region,
      case when s.r_dept < 0.9 then 'SH' else 'YX' end as dept_code,
      to_char(s.created_at at time zone $2, 'YYMM') as period
    from bench_ticket_stage s
    left join bench_eq e on s.has_equipment and e.rn = 1 + floor(s.r_eq * (select count(*) from bench_eq))::int
    left join bench_cust x on not s.has_equipment
      and x.rn = 1 + floor(s.r_cust * (select count(*) from bench_cust))::int
    join bench_cust c on c.id = coalesce(e.customer_id, x.id)
  ), numbered as (
    select b.*, row_number() over (partition by b.dept_code, b.period order by b.created_at, b.i) as seq
    from base b
  ), shaped as (
    select n.*,
      n.dept_code || n.period || case when n.seq < 10 then '0' else '' end || n.seq as number,
      n.status in ('closed', 'cancelled') as is_closed,
      -- Moments of the lifecycle: closed tickets in hours and days, open ones within their age.
      case when n.status in ('closed', 'cancelled')
           then n.received_at + (2 + n.r_t1 * n.r_t1 * 240) * interval '1 minute'
           else n.received_at + ${ageOf('n')} * (0.05 + 0.15 * n.r_t1) end as t_response,
      case when n.status in ('closed', 'cancelled')
           then n.received_at + (30 + n.r_t2 * 300) * interval '1 minute'
           else n.received_at + ${ageOf('n')} * (0.1 + 0.2 * n.r_t2) end as t_plan,
      case when n.status in ('closed', 'cancelled')
           then n.received_at + (1 + n.r_t2 * 71) * interval '1 hour'
           else n.received_at + ${ageOf('n')} * (0.3 + 0.3 * n.r_t2) end as t_arrived,
      case when n.status in ('closed', 'cancelled')
           then n.received_at + (73 + n.r_t3 * n.r_t3 * 96) * interval '1 hour'
           else n.received_at + ${ageOf('n')} * (0.7 + 0.25 * n.r_t3) end as t_resolved
    from numbered n
  )
  select
    s.i, s.number, s.type, s.channel, s.classification,
    s.status,
    s.fault_level,
    case when s.status = 'received' and s.r_t1 < 0.5 then null else s.mode end as service_mode,
    s.region, s.station_id,
    ($3::jsonb -> 'departments' ->> s.dept_code)::int as receiving_department_id,
    ($3::jsonb -> 'departments' ->> case when s.classification = 'quality' then 'ZL'
       else case s.category when 'hardware' then 'SC' when 'software' then 'YF' when 'data' then 'SJ'
                            when 'integration' then 'HY' else 'ZL' end end)::int as handling_department_id,
    s.customer_id, s.contact_id, s.contact_name, s.contact_mobile as contact_phone,
    s.equipment_id, s.model_id as product_model_id, s.category as product_category,
    case when s.warranty_end is null then 'unknown'
         when s.warranty_end < (s.received_at at time zone $2)::date then 'expired'
         when s.warranty_end <= (s.received_at at time zone $2)::date + 30 then 'expiring'
         else 'in_warranty' end as warranty_status,
    ${titleSql} as title,
    case when s.r_t2 < 0.5 then '' else '客户来电反映：' || ${titleSql} || '，请尽快安排处理。' end as description,
    s.address, s.received_at,
    ($3::jsonb -> 'agents' ->> s.station_id::text)::int as received_by,
    ($3::jsonb ->> 'policy')::int as sla_policy_id, ($3::jsonb ->> 'calendar')::int as calendar_id,
    case when s.status = 'cancelled' then '客户已自行解决，取消报修' end as cancel_reason,
    case when s.status = 'reopened' then 1 else 0 end as reopen_count,
    case when s.status = 'received' or (s.status = 'classified' and s.r_t3 < 0.5)
           or (s.status = 'cancelled' and s.r_t3 < 0.5) then null else s.t_response end as first_response_at,
    case when s.classification = 'technical' and s.type in ${plannedTypes}
           and s.status not in ('received', 'classified', 'cancelled') then '检查供电与通讯回路，必要时更换故障模块'
    end as technical_plan,
    case when s.classification = 'technical' and s.type in ${plannedTypes}
           and s.status not in ('received', 'classified', 'cancelled') then s.t_plan end as technical_plan_at,
    case when s.mode = 'on_site' and s.status in ('on_site', 'in_progress', 'waiting_parts', 'waiting_customer',
           'resolved', 'customer_accepted', 'reopened', 'closed') then s.t_arrived end as arrived_at,
    case when s.status in ('resolved', 'customer_accepted', 'closed') then s.t_resolved end as resolved_at,
    case when s.status = 'closed' then s.t_resolved + (1 + s.r_t1 * 70) * interval '1 hour'
         when s.status = 'cancelled' then s.received_at + (10 + s.r_t1 * 600) * interval '1 minute' end as closed_at,
    -- As the tickets service fills it (searchTextOf in tickets.service.ts).
    concat_ws(' ', s.number, s.customer_name, s.contact_name, s.contact_mobile, s.customer_phone, s.serial_no,
      ${titleSql}) as search_text,
    case when s.is_closed then 6 + floor(s.r_t2 * 6)::int else 1 + floor(s.r_t2 * 5)::int end as version,
    s.created_at,
    case when s.status = 'closed' then s.t_resolved + (1 + s.r_t1 * 70) * interval '1 hour'
         when s.is_closed then s.received_at + (10 + s.r_t1 * 600) * interval '1 minute'
         else greatest(s.created_at, s.received_at + ${ageOf('s')} * 0.8) end as updated_at
  from shaped s`;
}

const ticketColumns = `number, type, channel, classification, status, fault_level, service_mode, region, station_id,
  receiving_department_id, handling_department_id, customer_id, contact_id, contact_name, contact_phone, equipment_id,
  product_model_id, product_category, warranty_status, title, description, address, received_at, received_by,
  sla_policy_id, calendar_id, cancel_reason, reopen_count, first_response_at, technical_plan, technical_plan_at,
  arrived_at, resolved_at, closed_at, search_text, version, created_at, updated_at`;

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

/** Ids the generator needs: departments by code, each station's agent, the default SLA policy and its calendar. */
async function references(db: Db) {
  await seedSlaDefaults(db);
  const client = db.$client;
  const departments = await client.query<{ code: string; id: number }>('select code, id from departments');
  const agents = await client.query<{ station_id: number; id: number }>(
    `select s.id as station_id, coalesce(
       (select u.id from users u where u.station_id = s.id and 'agent' = any(u.roles) order by u.id limit 1),
       (select u.id from users u where 'admin' = any(u.roles) order by u.id limit 1)) as id
     from stations s`,
  );
  const policy = await client.query<{ id: number; calendar_id: number; targets: SlaTarget[] }>(
    'select id, calendar_id, targets from sla_policies where is_default and is_active limit 1',
  );
  if (!policy.rows[0]) throw new Error('no default SLA policy');
  return {
    json: JSON.stringify({
      departments: Object.fromEntries(departments.rows.map((row) => [row.code, row.id])),
      agents: Object.fromEntries(agents.rows.map((row) => [String(row.station_id), row.id])),
      policy: policy.rows[0].id,
      calendar: policy.rows[0].calendar_id,
    }),
    policy: policy.rows[0],
  };
}

/**
 * Secondary indexes (not those of unique constraints) and foreign keys of `tickets`: dropped for the
 * bulk load and created afterwards, which is much faster than maintaining them row by row (every
 * foreign key is checked by a query per row).
 */
async function dropForLoad(client: pg.PoolClient) {
  const indexes = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
     from pg_index i
     where i.indrelid = 'public.tickets'::regclass and not i.indisunique
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
  );
  const foreignKeys = await client.query<{ name: string; definition: string }>(
    `select conname as name, pg_get_constraintdef(oid) as definition
     from pg_constraint where conrelid = 'public.tickets'::regclass and contype = 'f'`,
  );
  for (const index of indexes.rows) await client.query(`drop index ${index.name}`);
  for (const key of foreignKeys.rows) await client.query(`alter table tickets drop constraint ${key.name}`);
  return { indexes: indexes.rows, foreignKeys: foreignKeys.rows };
}

export async function generateTickets(db: Db, count: number, now: Date, step: Step): Promise<void> {
  const refs = await references(db);
  await withClient(db, async (client) => {
    await client.query('drop table if exists bench_ticket_stage, bench_ticket_rows, bench_eq, bench_cust');
    await client.query(`create unlogged table bench_eq as
      select row_number() over (order by e.id)::int as rn, e.id, e.customer_id, e.model_id, e.warranty_end, e.serial_no,
        m.category
      from equipment e join product_models m on m.id = e.model_id where e.is_active`);
    await client.query(`create unlogged table bench_cust as
      select row_number() over (order by c.id)::int as rn, c.id, c.station_id, c.name, c.phone,
        nullif(concat(c.province, case when c.city is distinct from c.province then c.city end, c.district,
          c.address_detail), '') as address,
        k.id as contact_id, k.name as contact_name, coalesce(k.mobile, k.phone) as contact_mobile
      from customers c
      left join lateral (select * from customer_contacts k where k.customer_id = c.id
                         order by k.is_primary desc, k.sort_order, k.id limit 1) k on true
      where c.is_active`);
    await client.query('create unique index on bench_eq (rn)');
    await client.query('create unique index on bench_cust (rn)');
    await client.query('create unique index on bench_cust (id)');
    await client.query('analyze bench_eq; analyze bench_cust');
    await client.query('select setseed(0.2026)');
    await client.query(stageSql(), [count, now, TIME_ZONE]);
    await client.query('analyze bench_ticket_stage');
    await client.query(`create unlogged table bench_ticket_rows as ${ticketsSelectSql()} order by created_at`, [
      now,
      TIME_ZONE,
      refs.json,
    ]);
  });
  step('tickets: staging, numbering');

  const dropped = await withClient(db, dropForLoad);
  try {
    // Two halves on two connections: the search grams are the expensive part.
    await Promise.all(
      [0, 1].map((half) =>
        withClient(db, (client) =>
          client.query(
            `insert into tickets (${ticketColumns})
             select ${ticketColumns} from bench_ticket_rows where i % 2 = ${half} order by created_at`,
          ),
        ),
      ),
    );
  } finally {
    step('tickets: insert');
    // The GIN index on one connection, the b-trees on the other; then the foreign keys.
    const gin = dropped.indexes.filter((index) => /using gin/i.test(index.definition));
    const others = dropped.indexes.filter((index) => !gin.includes(index));
    await Promise.all(
      [gin, others].map((list) =>
        withClient(db, async (client) => {
          for (const index of list) await client.query(index.definition);
        }),
      ),
    );
    await withClient(db, async (client) => {
      for (const key of dropped.foreignKeys) {
        await client.query(`alter table tickets add constraint ${key.name} ${key.definition}`);
      }
    });
    step('tickets: indexes and foreign keys');
  }
  const mismatches = await db.$client.query(
    `select count(*)::int as count from (select search_text, search_grams from tickets order by id desc limit 2000) t
     where aftercare_grams(search_text) is distinct from search_grams`,
  );
  if (mismatches.rows[0].count > 0) throw new Error('the stored search grams differ from aftercare_grams');
  await withClient(db, async (client) => {
    await client.query(
      `insert into document_counters (prefix, period, last_value)
       select d.code, substr(t.number, length(d.code) + 1, 4), max(substr(t.number, length(d.code) + 5)::int)
       from tickets t join departments d on d.id = t.receiving_department_id
       group by 1, 2
       on conflict (prefix, period) do update set last_value = excluded.last_value`,
    );
    await client.query('drop table bench_ticket_stage, bench_ticket_rows, bench_eq, bench_cust');
  });
  await generateOpenState(db, refs.policy, now);
  step('tickets: counters, clocks of open tickets');
}

type OpenTicket = {
  id: number;
  station_id: number;
  status: string;
  type: string;
  classification: 'technical' | 'quality';
  service_mode: string | null;
  fault_level: number;
  region: string;
  has_equipment: boolean;
  received_at: Date;
  first_response_at: Date | null;
  technical_plan_at: Date | null;
  arrived_at: Date | null;
  resolved_at: Date | null;
};

const afterAssignment = new Set([
  'accepted',
  'en_route',
  'on_site',
  'in_progress',
  'waiting_parts',
  'waiting_customer',
  'resolved',
  'customer_accepted',
  'reopened',
]);

/** Bulk insert through unnest: one array parameter per column. */
async function insertColumns(
  client: pg.PoolClient,
  table: string,
  columns: Record<string, { type: string; values: unknown[] }>,
) {
  const names = Object.keys(columns);
  const length = columns[names[0]].values.length;
  const batch = 20_000;
  for (let start = 0; start < length; start += batch) {
    const params = names.map((name) => columns[name].values.slice(start, start + batch));
    const casts = names.map((name, index) => `$${index + 1}::${columns[name].type}[]`).join(', ');
    await client.query(`insert into ${table} (${names.join(', ')}) select * from unnest(${casts})`, params);
  }
}

/**
 * The open tickets' clocks, computed with the application's rules (`clocksFor`, `computeClock`) on
 * the default policy and its calendar: stopped at the moments the ticket reached (with their
 * outcome), paused while waiting for the customer, running otherwise. A clock already at risk or
 * breached is marked as notified (the SLA sweeper would otherwise send thousands of notifications
 * during the benchmark); a loaner clock that ran out has its task. Live assignments go to the
 * station's engineers.
 */
async function generateOpenState(db: Db, policy: { id: number; calendar_id: number; targets: SlaTarget[] }, now: Date) {
  const calendar = compileCalendar(await readCalendarDefinition(db, policy.calendar_id));
  const nowMs = now.getTime();
  await withClient(db, async (client) => {
    const { rows } = await client.query<OpenTicket>(
      `select id, station_id, status, type, classification, service_mode, fault_level, region,
         equipment_id is not null as has_equipment, received_at, first_response_at, technical_plan_at, arrived_at,
         resolved_at
       from tickets where status not in ('closed', 'cancelled') order by id`,
    );
    const engineers = await client.query<{ station_id: number; id: number }>(
      `select station_id, id from users where 'engineer' = any(roles) and is_active order by id`,
    );
    const managers = await client.query<{ station_id: number; id: number }>(
      `select station_id, min(id) as id from users where 'station_manager' = any(roles) group by station_id`,
    );
    const admin = await client.query<{ id: number }>(`select min(id) as id from users where 'admin' = any(roles)`);
    const engineersOf = new Map<number, number[]>();
    for (const row of engineers.rows)
      engineersOf.set(row.station_id, [...(engineersOf.get(row.station_id) ?? []), row.id]);
    const managerOf = new Map(managers.rows.map((row) => [row.station_id, row.id]));

    const clocks = {
      ticket_id: { type: 'int', values: [] as number[] },
      kind: { type: 'text', values: [] as string[] },
      station_id: { type: 'int', values: [] as number[] },
      basis: { type: 'text', values: [] as string[] },
      target_minutes: { type: 'int', values: [] as number[] },
      started_at: { type: 'timestamptz', values: [] as Date[] },
      due_at: { type: 'timestamptz', values: [] as (Date | null)[] },
      at_risk_at: { type: 'timestamptz', values: [] as (Date | null)[] },
      is_pausable: { type: 'boolean', values: [] as boolean[] },
      stopped_at: { type: 'timestamptz', values: [] as (Date | null)[] },
      outcome: { type: 'text', values: [] as (string | null)[] },
      at_risk_notified_at: { type: 'timestamptz', values: [] as (Date | null)[] },
      breach_notified_at: { type: 'timestamptz', values: [] as (Date | null)[] },
    };
    const pauses = {
      ticket_id: { type: 'int', values: [] as number[] },
      reason: { type: 'text', values: [] as string[] },
      started_at: { type: 'timestamptz', values: [] as Date[] },
    };
    const tasks = {
      ticket_id: { type: 'int', values: [] as number[] },
      station_id: { type: 'int', values: [] as number[] },
      kind: { type: 'text', values: [] as string[] },
      status: { type: 'text', values: [] as string[] },
      due_at: { type: 'timestamptz', values: [] as Date[] },
      created_at: { type: 'timestamptz', values: [] as Date[] },
      done_at: { type: 'timestamptz', values: [] as (Date | null)[] },
    };
    const live = {
      ticket_id: { type: 'int', values: [] as number[] },
      engineer_id: { type: 'int', values: [] as number[] },
      status: { type: 'text', values: [] as string[] },
      assigned_by: { type: 'int', values: [] as number[] },
      assigned_at: { type: 'timestamptz', values: [] as Date[] },
      responded_at: { type: 'timestamptz', values: [] as (Date | null)[] },
    };

    for (const ticket of rows) {
      const received = ticket.received_at.getTime();
      const age = nowMs - received;
      // Deterministic per ticket: the moments the ticket was classified and assigned.
      const jitter = ((ticket.id * 2654435761) % 1000) / 1000;
      const classifiedAt = received + Math.min(age * 0.5, (10 + jitter * 140) * MINUTE);
      const assignedAt = received + Math.min(age * 0.6, (30 + jitter * 200) * MINUTE);
      const ticketPauses: PauseInterval[] = [];
      if (ticket.status === 'waiting_customer') {
        const start = received + Math.min(age * (0.3 + jitter * 0.4), (2 + jitter * 46) * HOUR);
        ticketPauses.push({ start, end: Number.POSITIVE_INFINITY, reason: 'waiting_customer' });
        pauses.ticket_id.values.push(ticket.id);
        pauses.reason.values.push('waiting_customer');
        pauses.started_at.values.push(new Date(start));
      }
      const assigned = ticket.status === 'assigned' || afterAssignment.has(ticket.status);
      const stops: Record<string, number | null> = {
        intake: ticket.status === 'received' ? null : classifiedAt,
        response: ticket.first_response_at?.getTime() ?? null,
        quality_assignment: assigned ? assignedAt : null,
        technical_plan: ticket.technical_plan_at?.getTime() ?? null,
        arrival: ticket.arrived_at?.getTime() ?? null,
        resolution: ticket.resolved_at?.getTime() ?? null,
        remote_verification: ticket.status === 'customer_accepted' ? (ticket.resolved_at?.getTime() ?? null) : null,
        loaner: ticket.resolved_at?.getTime() ?? null,
      };
      const wanted = clocksFor(
        {
          faultLevel: ticket.fault_level,
          region: ticket.region,
          type: ticket.type,
          classification: ticket.classification,
          serviceMode: ticket.service_mode,
          hasEquipment: ticket.has_equipment,
        },
        policy.targets,
        internalDeadlines,
      );
      for (const [kind, spec] of wanted) {
        const stoppedAt = stops[kind] ?? null;
        const figures = computeClock(
          {
            basis: spec.basis,
            targetMinutes: spec.minutes,
            startedAt: received,
            stoppedAt,
            isPausable: spec.isPausable,
          },
          calendar,
          ticketPauses,
          kind === 'loaner' ? 100 : AT_RISK_PERCENT,
        );
        const dueAt = figures.dueAt;
        const atRiskAt = kind === 'loaner' ? null : figures.atRiskAt;
        const running = stoppedAt === null;
        clocks.ticket_id.values.push(ticket.id);
        clocks.kind.values.push(kind);
        clocks.station_id.values.push(ticket.station_id);
        clocks.basis.values.push(spec.basis);
        clocks.target_minutes.values.push(spec.minutes);
        clocks.started_at.values.push(ticket.received_at);
        clocks.due_at.values.push(dueAt === null ? null : new Date(dueAt));
        clocks.at_risk_at.values.push(atRiskAt === null ? null : new Date(atRiskAt));
        clocks.is_pausable.values.push(spec.isPausable);
        clocks.stopped_at.values.push(running ? null : new Date(stoppedAt));
        clocks.outcome.values.push(figures.outcome);
        clocks.at_risk_notified_at.values.push(
          running && atRiskAt !== null && atRiskAt <= nowMs ? new Date(atRiskAt) : null,
        );
        clocks.breach_notified_at.values.push(running && dueAt !== null && dueAt <= nowMs ? new Date(dueAt) : null);
        if (kind === 'loaner' && running && dueAt !== null && dueAt <= nowMs) {
          const done = jitter < 0.3;
          tasks.ticket_id.values.push(ticket.id);
          tasks.station_id.values.push(ticket.station_id);
          tasks.kind.values.push('loaner');
          tasks.status.values.push(done ? 'done' : 'open');
          tasks.due_at.values.push(new Date(received + LOANER_DUE_MINUTES * MINUTE));
          tasks.created_at.values.push(new Date(dueAt));
          tasks.done_at.values.push(done ? new Date(Math.min(nowMs, dueAt + 4 * HOUR)) : null);
        }
      }
      const stationEngineers = engineersOf.get(ticket.station_id) ?? [];
      if (assigned && stationEngineers.length > 0) {
        live.ticket_id.values.push(ticket.id);
        live.engineer_id.values.push(stationEngineers[ticket.id % stationEngineers.length]);
        live.status.values.push(ticket.status === 'assigned' ? 'offered' : 'accepted');
        live.assigned_by.values.push(managerOf.get(ticket.station_id) ?? admin.rows[0].id);
        live.assigned_at.values.push(new Date(assignedAt));
        live.responded_at.values.push(
          ticket.status === 'assigned' ? null : new Date(Math.min(nowMs, assignedAt + 15 * MINUTE)),
        );
      }
    }
    await insertColumns(client, 'ticket_clocks', clocks);
    await insertColumns(client, 'ticket_pauses', pauses);
    await insertColumns(client, 'ticket_tasks', tasks);
    await insertColumns(client, 'assignments', live);
  });
}

export async function ticketCounts(client: pg.Pool): Promise<TicketCounts> {
  const { rows } = await client.query(
    `select (select count(*) from tickets)::int as tickets,
       (select count(*) from tickets where status not in ('closed', 'cancelled'))::int as "openTickets",
       (select count(*) from ticket_clocks where stopped_at is null)::int as "runningClocks",
       (select count(*) from ticket_clocks where stopped_at is null and at_risk_at <= now() and due_at > now())::int as "atRiskClocks",
       (select count(*) from ticket_clocks where stopped_at is null and due_at <= now())::int as "breachedClocks"`,
  );
  return rows[0];
}
