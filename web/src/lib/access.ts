/**
 * What each role may do in the UI. The server enforces the same rules; the UI only hides what a
 * role cannot use.
 */

import type { Role } from '../../../server/lib/roles';
import type { SessionUser } from '../../../server/modules/auth/auth.contract';

export const capabilities = {
  /** Stations, departments, users (create/edit), API docs. */
  manageOrg: ['admin'],
  manageSettings: ['admin'],
  /** Business calendars and SLA policies (organisation-wide; everyone reads them). */
  manageSla: ['admin'],
  viewUsers: ['admin', 'station_manager'],
  /** Customers, equipment and service contracts. */
  writeCustomers: ['admin', 'station_manager', 'agent'],
  writeProductModels: ['admin', 'station_manager', 'quality'],
  /** Record service tickets and move them along their lifecycle (TKT-1, TKT-7). */
  writeTickets: ['agent', 'station_manager', 'admin'],
  /** Classify and route tickets (TKT-3): the desk, and quality for quality information. */
  classifyTickets: ['agent', 'station_manager', 'admin', 'quality'],
  /** First response, technical plan, comments and attachments on tickets. */
  handleTickets: ['agent', 'station_manager', 'admin', 'engineer', 'quality'],
  /** Dispatch engineers to tickets (DSP-1): the manager or the agent decides. */
  dispatch: ['admin', 'station_manager', 'agent'],
  /** A ticket's assignments and visits (server: dispatchReaders). */
  viewDispatch: ['admin', 'executive', 'station_manager', 'agent', 'engineer', 'quality', 'finance'],
  /** The printable repair record (DSP-5), which lists the consumed parts (server: repairRecordReaders). */
  printRepairRecord: [
    'admin',
    'executive',
    'station_manager',
    'agent',
    'engineer',
    'quality',
    'finance',
    'parts_keeper',
  ],
  /** The engineer's phone view: my tasks, field work (DSP-4). */
  fieldWork: ['engineer'],
  /** Engineers' training qualifications and leaves (DSP-1). */
  manageQualifications: ['admin', 'station_manager'],
  /** The outbox: delivery status of notifications, retrying failed ones (PLT-3). */
  manageOutbox: ['admin'],
  /** Parts catalogue and stock levels (PRT-1, PRT-2): read by everyone working tickets. */
  viewStock: ['admin', 'executive', 'station_manager', 'agent', 'engineer', 'parts_keeper', 'quality', 'finance'],
  /** Catalogue, suppliers, price list, warehouses, loaner pool. */
  manageCatalogue: ['admin', 'station_manager', 'parts_keeper'],
  /** Stock movements: receipts, reservations, issues, transfers, counts, loans (PRT-3). */
  keepStock: ['admin', 'station_manager', 'parts_keeper'],
  /** Stocktake and purchase request approval (PRT-4, PRT-5). */
  approveParts: ['admin', 'station_manager'],
  /** Ask for parts on a ticket; record consumption and returns. */
  requestParts: ['admin', 'station_manager', 'agent', 'engineer'],
  /** Inspect returned faulty parts, nonconformance reports (PRT-6). */
  inspectFaultyParts: ['admin', 'station_manager', 'parts_keeper', 'quality'],
  /** Parts statistics and their exports (PRT-7; server: partsStatsReaders). */
  viewPartsStats: ['admin', 'executive', 'station_manager', 'parts_keeper', 'quality', 'finance'],
  /** Surveys, the satisfaction rate and complaints (FBK-1, FBK-2): read. */
  viewFeedback: ['admin', 'executive', 'station_manager', 'agent', 'quality'],
  /** Record a phone survey (the customer service desk). */
  recordSurveys: ['admin', 'station_manager', 'agent'],
  /** Record a complaint from any channel. */
  recordComplaints: ['admin', 'station_manager', 'agent', 'quality'],
  /** Return visits (FBK-3): the queue; outcomes and visit reports; planning on demand. */
  viewReturnVisits: ['admin', 'executive', 'station_manager', 'agent', 'engineer', 'quality'],
  recordReturnVisits: ['admin', 'station_manager', 'agent', 'engineer'],
  planReturnVisits: ['admin', 'station_manager'],
  /** Exports are logged (PPL-4) and not open to every role. */
  exportData: ['admin', 'executive', 'station_manager', 'agent', 'quality', 'finance'],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof capabilities;

export function can(user: Pick<SessionUser, 'roles'> | null | undefined, capability: Capability): boolean {
  if (!user) return false;
  const allowed: readonly Role[] = capabilities[capability];
  return user.roles.some((role) => allowed.includes(role));
}
