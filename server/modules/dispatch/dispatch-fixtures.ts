/**
 * Test fixtures of dispatch (used by the dispatch API tests and the authorization matrix): a
 * classified ticket ready for dispatch, inserted directly (intake belongs to the tickets module),
 * with its deadlines started by the real SLA engine.
 */
import type { TestApp } from '../../test/test-app.js';

let serial = 0;

export type FixtureTicketOptions = {
  customerId: number;
  receivedBy: number;
  serviceMode?: string;
  productCategory?: string | null;
  type?: string;
  faultLevel?: number;
  stationCode?: string;
  contactPhone?: string;
};

export async function createDispatchableTicket(t: TestApp, options: FixtureTicketOptions) {
  const station = t.stationId.get(options.stationCode ?? 'BJ')!;
  const [policy] = await t.query<{ id: number; calendar_id: number }>(
    'select id, calendar_id from sla_policies where is_default',
  );
  const [row] = await t.query<{ id: number; version: number; number: string }>(
    `insert into tickets (number, type, channel, classification, status, fault_level, service_mode, station_id,
       receiving_department_id, customer_id, contact_name, contact_phone, product_category, title, description,
       address, received_at, received_by, sla_policy_id, calendar_id)
     values ($1, $2, 'phone', 'technical', 'classified', $3, $4, $5, $6, $7, '张经理', $8, $9,
       '设备故障', '控制柜无法启动', '北京市朝阳区酒仙桥路 1 号', now(), $10, $11, $12)
     returning id, version, number`,
    [
      `TST${process.pid % 1000}${String(++serial).padStart(4, '0')}`,
      options.type ?? 'repair',
      options.faultLevel ?? 2,
      options.serviceMode ?? 'on_site',
      station,
      t.departmentId.get('SH'),
      options.customerId,
      options.contactPhone ?? '13912345678',
      options.productCategory === undefined ? 'hardware' : options.productCategory,
      options.receivedBy,
      policy.id,
      policy.calendar_id,
    ],
  );
  await t.app.services.slaClocks.recomputeClocks(t.db, row.id);
  return row;
}

/** Sample ids for the authorization matrix: an accepted assignment of engineer.bj and its planned visit. */
export async function dispatchSamples(t: TestApp, customerId: number): Promise<Record<string, string>> {
  const [agent] = await t.query<{ id: number }>(`select id from users where username = 'agent.bj'`);
  const [engineer] = await t.query<{ id: number }>(`select id from users where username = 'engineer.bj'`);
  const ticket = await createDispatchableTicket(t, { customerId, receivedBy: agent.id });
  const manager = await t.client('manager.bj');
  const assigned = await manager.post(`/api/tickets/${ticket.id}/assignments`, {
    engineerIds: [engineer.id],
    expectedVersion: ticket.version,
  });
  const assignmentId = assigned.body.items[0].id as number;
  await (await t.client('engineer.bj')).post(`/api/assignments/${assignmentId}/accept`, {});
  const visit = await manager.post(`/api/tickets/${ticket.id}/visits`, { engineerId: engineer.id });
  if (assigned.status !== 200 || visit.status !== 200) {
    throw new Error(`dispatch samples: ${JSON.stringify([assigned.body, visit.body])}`);
  }
  return { assignments: String(assignmentId), visits: String(visit.body.id) };
}
