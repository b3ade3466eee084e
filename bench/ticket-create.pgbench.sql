-- One ticket creation as POST /api/tickets runs it (tickets.service.ts createTicket), statement for
-- statement as captured with log_statement = all: a phone repair, on site, fault level 3, on a unit
-- with a contact, recorded by a station agent. Used by `npm run bench` (bench/tickets-measure.ts):
--   pgbench -n -M extended -c 16 -j 2 -T 10 -f bench/ticket-create.pgbench.sql -D intake_count=N <db>
-- -M extended: like node-postgres, every statement is parsed, bound and executed unnamed.
--
-- Left out, because they are the HTTP layer and not the service: the session lookup and the actor
-- lookup of every request. The settings and the departments are cached by the app (5 s), so they
-- are left out too. bench_intake stands for the request body: the customer, unit and contact the
-- agent picked (and, precomputed, what the service derives from them in Node.js: contact name and
-- phone, address, warranty status, routing department). The deadlines are computed in Node.js by
-- the service; here they are simple offsets, in the same INSERT.

\set k random(1, :intake_count)
select customer_id, equipment_id, contact_id, station_id, received_by, receiving_department_id, department_code,
  handling_department_id, model_id, product_category, warranty_status, contact_name, contact_phone, address
from bench_intake where n = :k \gset

-- Before the transaction (the service runs these four in parallel on pool connections).
select "id", "code", "kind", "name", "phone", "email", "province", "city", "district", "address_detail", "region", "level", "station_id", "notes", "search_text", "search_grams", "is_active", "version", "created_at", "updated_at" from "customers" where ("customers"."id" = :customer_id and "customers"."station_id" = :station_id);
select "id", "customer_id", "name", "title", "phone", "mobile", "email", "is_primary", "sort_order" from "customer_contacts" where "customer_contacts"."id" = :contact_id;
select "equipment"."id", "equipment"."customer_id", "equipment"."model_id", "equipment"."serial_no", "equipment"."warranty_end", "equipment"."is_active", "product_models"."category" from "equipment" inner join "product_models" on "product_models"."id" = "equipment"."model_id" where "equipment"."id" = :equipment_id;
with contract as (
  select sc.id, sc.sla_policy_id, sc.calendar_id
  from contract_equipment ce join service_contracts sc on sc.id = ce.contract_id
  where ce.equipment_id = :equipment_id and sc.status = 'active' and sc.is_active
    and sc.starts_on <= current_date and sc.ends_on >= current_date
  order by (sc.sla_policy_id is null), sc.ends_on desc
  limit 1
)
select coalesce((select id from contract), 0) as contract_id, p.id as policy_id,
       coalesce((select calendar_id from contract), p.calendar_id) as calendar_id
from sla_policies p
where p.id = coalesce((select sla_policy_id from contract),
                      (select d.id from sla_policies d where d.is_default and d.is_active limit 1)) \gset

BEGIN;
insert into "tickets" ("id", "number", "type", "channel", "classification", "status", "fault_level", "service_mode", "region", "station_id", "receiving_department_id", "handling_department_id", "customer_id", "contact_id", "contact_name", "contact_phone", "equipment_id", "product_model_id", "product_category", "contract_id", "warranty_status", "title", "description", "address", "received_at", "received_by", "sla_policy_id", "calendar_id", "repeat_of_ticket_id", "is_free_repeat", "cancel_reason", "reopen_count", "first_response_at", "technical_plan", "technical_plan_at", "arrived_at", "resolved_at", "closed_at", "send_in_receipt", "search_text", "version", "created_at", "updated_at") values (default, '~' || gen_random_uuid(), 'repair', 'phone', 'technical', 'received', 3, 'on_site', 'any', :station_id, :receiving_department_id, :handling_department_id, :customer_id, :contact_id, :contact_name, :contact_phone, :equipment_id, :model_id, :product_category, nullif(:contract_id, 0), :warranty_status, '设备无法启动', '上电后面板无显示，电源指示灯不亮', :address, now(), :received_by, :policy_id, :calendar_id, null, false, default, default, default, default, default, default, default, default, null, default, default, now(), now()) returning "id" \gset
insert into "ticket_events" ("id", "ticket_id", "at", "actor_id", "kind", "from_status", "to_status", "note", "data") values (default, :id, now(), :received_by, 'created', null, 'received', null, '{"channel": "phone"}') returning "id";
select "tickets"."id", "tickets"."station_id", "tickets"."received_at", "tickets"."fault_level", "tickets"."region", "tickets"."type", "tickets"."classification", "tickets"."service_mode", "tickets"."equipment_id", "tickets"."calendar_id", "business_calendars"."version", "sla_policies"."targets", "sla_policies"."pause_for_parts" from "tickets" inner join "sla_policies" on "sla_policies"."id" = "tickets"."sla_policy_id" inner join "business_calendars" on "business_calendars"."id" = "tickets"."calendar_id" where "tickets"."id" = :id;
select "version", "updated_at", "business_calendars".xmin::text from "business_calendars" where "business_calendars"."id" = :calendar_id;
insert into "ticket_clocks" ("ticket_id", "kind", "station_id", "basis", "target_minutes", "started_at", "due_at", "at_risk_at", "is_pausable", "stopped_at", "outcome", "at_risk_notified_at", "breach_notified_at") values (:id, 'response', :station_id, 'business', 120, now(), now() + interval '2 hours', now() + interval '96 minutes', true, default, default, default, default), (:id, 'arrival', :station_id, 'calendar', 4320, now(), now() + interval '72 hours', now() + interval '3456 minutes', true, default, default, default, default), (:id, 'resolution', :station_id, 'calendar', 4320, now(), now() + interval '72 hours', now() + interval '3456 minutes', true, default, default, default, default), (:id, 'intake', :station_id, 'business', 120, now(), now() + interval '2 hours', now() + interval '96 minutes', false, default, default, default, default), (:id, 'technical_plan', :station_id, 'business', 240, now(), now() + interval '4 hours', now() + interval '192 minutes', false, default, default, default, default), (:id, 'loaner', :station_id, 'business', 600, now(), now() + interval '25 hours', null, false, default, default, default, default);
insert into "outbox_messages" ("id", "channel", "user_id", "address", "template", "payload", "locale", "dedupe_key", "status", "attempts", "next_attempt_at", "locked_by", "locked_until", "last_error", "created_at", "sent_at") values (default, 'sms', null, :contact_phone, 'ticket.received', jsonb_build_object('ticketId', :id::int, 'ticketNumber', '…'), 'zh-CN', 'ticket.received:' || :id::text || '|phone:' || :contact_phone::text || '|sms', default, default, default, default, default, default, default, default) on conflict ("dedupe_key") do nothing returning "id" \gset outbox_
select pg_notify('outbox', '');
-- From here to COMMIT the counter row of (department, this month) is locked: one statement takes
-- the number and writes it into the ticket (with the search text) and its outbox message.
with counter as (
  insert into document_counters (prefix, period, last_value) values (:department_code, to_char(now() at time zone 'Asia/Shanghai', 'YYMM'), 1)
  on conflict (prefix, period) do update set last_value = document_counters.last_value + 1
  returning last_value
), numbered as (
  select :department_code::text || to_char(now() at time zone 'Asia/Shanghai', 'YYMM')::text
    || lpad(last_value::text, greatest(2, length(last_value::text)), '0') as number
  from counter
), ticket as (
  update tickets t set number = n.number, search_text = concat_ws(' ', n.number,
    (select c.name from customers c where c.id = t.customer_id),
    t.contact_name, t.contact_phone,
    (select c.phone from customers c where c.id = t.customer_id),
    (select e.serial_no from equipment e where e.id = t.equipment_id),
    t.title)
  from numbered n where t.id = :id returning t.id
), message as (
  update outbox_messages m set payload = jsonb_set(m.payload, '{ticketNumber}', to_jsonb(n.number))
  from numbered n where m.id = any(array[:outbox_id]::bigint[])
)
select n.number, (select count(*)::int from ticket) as tickets from numbered n;
COMMIT;
