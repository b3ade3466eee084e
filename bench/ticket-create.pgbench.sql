-- Ticket creation as POST /api/tickets runs it under load (tickets.service.ts createTicket and
-- intake-batch.ts, decision 0011), for `npm run bench` (bench/tickets-measure.ts): requests that
-- arrive while a batch is written are written together, so one pgbench transaction here is one
-- batch of {B} creations: {B} times the reads each request makes before it joins a batch, then the
-- batch's transaction. bench/tickets-measure.ts repeats the "per request" part {B} times ({i} = 1…{B},
-- {ks} = :k1, …) with B = the average batch the HTTP run formed (tickets per transaction id), and runs
--   pgbench -n -M prepared -c 16 -j 2 -T 10 -f <generated> -D intake_count=N <db>
-- -M prepared: like the app, whose hot statements are named prepared statements.
--
-- Left out, because they are the HTTP layer and not the service: the session lookup (with the
-- actor). The settings, departments and compiled calendars are cached by the app, so they are left
-- out too. bench_intake stands for the request body: the customer, unit and contact the agent
-- picked (and, precomputed, what the service derives from them in Node.js: contact name and phone,
-- address, warranty status, routing department). The clocks are computed in Node.js by the
-- service; here they are simple offsets. The app writes the tickets in one statement and their
-- timeline entries, clocks and messages in a second; here they are one statement.

-- @per-request
\set k{i} random(1, :intake_count)
select customer_id, equipment_id, contact_id, station_id from bench_intake where n = :k{i} \gset r{i}_
select
  (select json_build_object('id', "customers"."id", 'stationId', "customers"."station_id", 'isActive', "customers"."is_active", 'phone', "customers"."phone", 'email', "customers"."email", 'province', "customers"."province", 'city', "customers"."city", 'district', "customers"."district", 'addressDetail', "customers"."address_detail") from customers where customers.id = :r{i}_customer_id::int) as customer,
  (select json_build_object('id', "customer_contacts"."id", 'customerId', "customer_contacts"."customer_id", 'name', "customer_contacts"."name", 'phone', "customer_contacts"."phone", 'mobile', "customer_contacts"."mobile") from customer_contacts where customer_contacts.id = :r{i}_contact_id::int) as contact,
  (select json_build_object('id', "equipment"."id", 'customerId', "equipment"."customer_id", 'modelId', "equipment"."model_id", 'serialNo', "equipment"."serial_no", 'warrantyEnd', "equipment"."warranty_end", 'isActive', "equipment"."is_active", 'category', "product_models"."category") from equipment join product_models on product_models.id = equipment.model_id where equipment.id = :r{i}_equipment_id::int) as unit,
  (select row_to_json(p) from (
    with contract as (
      select sc.id, sc.sla_policy_id, sc.calendar_id
      from contract_equipment ce join service_contracts sc on sc.id = ce.contract_id
      where ce.equipment_id = :r{i}_equipment_id and sc.status = 'active' and sc.is_active
        and sc.starts_on <= current_date and sc.ends_on >= current_date
      order by (sc.sla_policy_id is null), sc.ends_on desc
      limit 1
    )
    select (select id from contract) as contract_id, p.id as policy_id, p.targets, cal.id as calendar_id,
           cal.version as calendar_version
    from sla_policies p
    join business_calendars cal on cal.id = coalesce((select calendar_id from contract), p.calendar_id)
    where p.id = coalesce((select sla_policy_id from contract),
                          (select d.id from sla_policies d where d.is_default and d.is_active limit 1))) p) as policy;

-- @batch
BEGIN;
-- The numbers of the batch: one counter statement (the rows stay locked until COMMIT).
insert into document_counters (prefix, period, last_value)
select b.department_code, to_char(now() at time zone 'Asia/Shanghai', 'YYMM'), count(*)::int
  from unnest(array[{ks}]::int[]) as k(n) join bench_intake b using (n)
 group by b.department_code order by b.department_code
on conflict (prefix, period) do update set last_value = document_counters.last_value + excluded.last_value
returning prefix, period, last_value;
with picked as (
  select b.*, k.i, row_number() over (partition by b.department_code order by k.i) as seq,
         count(*) over (partition by b.department_code) as taken,
         to_char(now() at time zone 'Asia/Shanghai', 'YYMM') as period
    from unnest(array[{ks}]::int[]) with ordinality as k(n, i) join bench_intake b using (n)
), numbered as (
  select p.*, p.department_code || p.period || lpad((dc.last_value - p.taken + p.seq)::text,
           greatest(2, length((dc.last_value - p.taken + p.seq)::text)), '0') as number
    from picked p join document_counters dc on dc.prefix = p.department_code and dc.period = p.period
), rows as (
  select jsonb_agg(jsonb_build_object('number', number, 'type', 'repair', 'channel', 'phone', 'classification', 'technical',
    'status', 'received', 'fault_level', 3, 'service_mode', 'on_site', 'region', 'any', 'station_id', station_id,
    'receiving_department_id', receiving_department_id, 'handling_department_id', handling_department_id,
    'customer_id', customer_id, 'contact_id', contact_id, 'contact_name', contact_name, 'contact_phone', contact_phone,
    'equipment_id', equipment_id, 'product_model_id', model_id, 'product_category', product_category,
    'contract_id', null, 'warranty_status', warranty_status, 'title', '设备无法启动',
    'description', '上电后面板无显示，电源指示灯不亮', 'address', address, 'received_at', now(), 'received_by', received_by,
    'sla_policy_id', (select id from sla_policies where is_default and is_active limit 1),
    'calendar_id', (select calendar_id from sla_policies where is_default and is_active limit 1),
    'repeat_of_ticket_id', null, 'is_free_repeat', false, 'send_in_receipt', null, 'created_at', now(),
    'updated_at', now()) order by i) as json
    from numbered
), ticket as (
  insert into tickets (number, type, channel, classification, status, fault_level, service_mode, region, station_id,
    receiving_department_id, handling_department_id, customer_id, contact_id, contact_name, contact_phone, equipment_id,
    product_model_id, product_category, contract_id, warranty_status, title, description, address, received_at,
    received_by, sla_policy_id, calendar_id, repeat_of_ticket_id, is_free_repeat, send_in_receipt, created_at,
    updated_at, search_text)
  select t.number, t.type, t.channel, t.classification, t.status, t.fault_level, t.service_mode, t.region, t.station_id,
    t.receiving_department_id, t.handling_department_id, t.customer_id, t.contact_id, t.contact_name, t.contact_phone,
    t.equipment_id, t.product_model_id, t.product_category, t.contract_id, t.warranty_status, t.title, t.description,
    t.address, t.received_at, t.received_by, t.sla_policy_id, t.calendar_id, t.repeat_of_ticket_id, t.is_free_repeat,
    t.send_in_receipt, t.created_at, t.updated_at,
    concat_ws(' ', t.number, (select c.name from customers c where c.id = t.customer_id), t.contact_name, t.contact_phone,
      (select c.phone from customers c where c.id = t.customer_id),
      (select e.serial_no from equipment e where e.id = t.equipment_id), t.title)
  from jsonb_populate_recordset(null::tickets, (select json from rows)) t
  returning id, number, station_id, contact_phone, received_by, received_at
), events as (
  insert into ticket_events (ticket_id, at, actor_id, kind, to_status, data)
  select id, now(), received_by, 'created', 'received', jsonb_build_object('channel', 'phone', 'receivedAt', received_at)
    from ticket
), clocks as (
  insert into ticket_clocks (ticket_id, kind, station_id, basis, target_minutes, started_at, due_at, at_risk_at, is_pausable)
  select t.id, v.kind, t.station_id, v.basis, v.minutes, t.received_at, t.received_at + v.minutes * interval '1 minute',
         case when v.risk then t.received_at + v.minutes * 0.8 * interval '1 minute' end, v.pausable
    from ticket t cross join (values ('response', 'business', 120, true, true), ('arrival', 'calendar', 4320, true, true),
      ('resolution', 'calendar', 4320, true, true), ('intake', 'business', 120, false, true),
      ('technical_plan', 'business', 240, false, true), ('loaner', 'business', 600, false, false))
      as v(kind, basis, minutes, pausable, risk)
), messages as (
  insert into outbox_messages (channel, user_id, address, template, payload, locale, dedupe_key)
  select 'sms', null, contact_phone, 'ticket.received', jsonb_build_object('ticketId', id, 'ticketNumber', number), 'zh-CN',
         'ticket.received:' || id || '|phone:' || contact_phone || '|sms'
    from ticket
  on conflict (dedupe_key) do nothing returning id
)
select pg_notify('outbox', '') where exists (select 1 from messages);
COMMIT;
