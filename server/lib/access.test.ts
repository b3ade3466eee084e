import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { type Actor, isAllowed, trackRouteAccess } from './access.js';
import { allStationRoles, personalDataLevel, roles, seesAllStations } from './roles.js';

const actor = (userRoles: Actor['roles']): Actor => ({
  id: 1,
  username: 'u',
  displayName: 'U',
  roles: userRoles,
  stationId: 1,
  departmentId: null,
  mustChangePassword: false,
});

describe('permission table', () => {
  it('public routes admit anyone, signed-in routes any staff member', () => {
    expect(isAllowed('public', undefined)).toBe(true);
    expect(isAllowed('signed-in', undefined)).toBe(false);
    for (const role of roles) expect(isAllowed('signed-in', actor([role]))).toBe(true);
  });

  it('role lists admit exactly their roles', () => {
    for (const role of roles) {
      expect(isAllowed(['admin', 'agent'], actor([role]))).toBe(role === 'admin' || role === 'agent');
    }
    expect(isAllowed(['agent'], actor(['engineer', 'agent']))).toBe(true);
    expect(isAllowed(['agent'], undefined)).toBe(false);
  });

  it('only executive, quality, finance and admin see all stations (REQUIREMENTS §0)', () => {
    expect([...allStationRoles].sort()).toEqual(['admin', 'executive', 'finance', 'quality']);
    for (const role of roles) expect(seesAllStations([role])).toBe(allStationRoles.includes(role));
  });

  it('personal data: agents and station managers see it in full, parts keepers never, others on reveal', () => {
    expect(personalDataLevel(['agent'])).toBe('full');
    expect(personalDataLevel(['station_manager'])).toBe('full');
    expect(personalDataLevel(['engineer'])).toBe('reveal');
    expect(personalDataLevel(['parts_keeper'])).toBe('none');
    expect(personalDataLevel(['parts_keeper', 'engineer'])).toBe('reveal');
    expect(personalDataLevel(['engineer', 'agent'])).toBe('full');
  });
});

describe('route access declarations', () => {
  it('refuses an /api route without a declaration', async () => {
    const app = Fastify();
    const access = trackRouteAccess(app);
    app.get('/api/declared', { config: { access: 'public' } }, async () => 'ok');
    app.get('/api/undeclared', async () => 'ok');
    await app.ready();
    expect(() => access.assertDeclared()).toThrow(/GET \/api\/undeclared/);
    expect(access.routes).toEqual([{ method: 'GET', url: '/api/declared', access: 'public' }]);
  });

  it('accepts an app whose routes all declare access', async () => {
    const app = Fastify();
    const access = trackRouteAccess(app);
    app.post('/api/a', { config: { access: ['admin'] } }, async () => 'ok');
    app.get('/not-api', async () => 'ok');
    await app.ready();
    expect(() => access.assertDeclared()).not.toThrow();
  });
});
