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
  viewUsers: ['admin', 'station_manager'],
  /** Customers, equipment and service contracts. */
  writeCustomers: ['admin', 'station_manager', 'agent'],
  writeProductModels: ['admin', 'station_manager', 'quality'],
  /** Exports are logged (PPL-4) and not open to every role. */
  exportData: ['admin', 'executive', 'station_manager', 'agent', 'quality', 'finance'],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof capabilities;

export function can(user: Pick<SessionUser, 'roles'> | null | undefined, capability: Capability): boolean {
  if (!user) return false;
  const allowed: readonly Role[] = capabilities[capability];
  return user.roles.some((role) => allowed.includes(role));
}
