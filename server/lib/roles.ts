/** The roles of REQUIREMENTS §0. Shared by the server and the web app. */
export const roles = [
  'admin',
  'executive',
  'station_manager',
  'agent',
  'engineer',
  'parts_keeper',
  'quality',
  'finance',
] as const;
export type Role = (typeof roles)[number];

/** The customer role of §0 uses the portal without a staff account; it never signs in here. */
export const staffRoles = roles;

/** Roles that see every station's records; every other role sees only its own station. */
export const allStationRoles: readonly Role[] = ['admin', 'executive', 'quality', 'finance'];

export function seesAllStations(userRoles: readonly Role[]): boolean {
  return userRoles.some((role) => allStationRoles.includes(role));
}

/**
 * Personal data (PPL-4): roles that work with customers directly see phone numbers and addresses
 * in full; the others see them masked and may reveal one value at a time (logged) when allowed.
 */
export const personalDataAccess: Record<Role, 'full' | 'reveal' | 'none'> = {
  admin: 'reveal',
  executive: 'reveal',
  station_manager: 'full',
  agent: 'full',
  engineer: 'reveal',
  parts_keeper: 'none',
  quality: 'reveal',
  finance: 'reveal',
};

export function personalDataLevel(userRoles: readonly Role[]): 'full' | 'reveal' | 'none' {
  const levels = userRoles.map((role) => personalDataAccess[role]);
  if (levels.includes('full')) return 'full';
  if (levels.includes('reveal')) return 'reveal';
  return 'none';
}
