/**
 * Route access declarations and station scoping (REQUIREMENTS §0). Every /api route declares who may
 * call it; buildApp refuses to start when one does not. Station scoping lives in `scopeToStation`,
 * used by every service query of station-owned records.
 */
import { eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { type Role, roles, seesAllStations } from './roles.js';

/** `public`: no sign-in; `signed-in`: any staff member; otherwise the roles allowed. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export type Actor = {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  stationId: number;
  departmentId: number | null;
  mustChangePassword: boolean;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor?: Actor;
  }
}

export type RouteAccess = { method: string; url: string; access: Access };

/** Collects the declarations of all /api routes; `assertDeclared` fails on any missing one. */
export function trackRouteAccess(app: FastifyInstance) {
  const declared: RouteAccess[] = [];
  const missing: string[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config ?? {}), access: 'public' } as typeof route.config;
    }
    const access = (route.config as { access?: Access } | undefined)?.access;
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (access === undefined) missing.push(`${method} ${route.url}`);
      else declared.push({ method, url: route.url, access });
    }
  });
  return {
    routes: declared,
    assertDeclared() {
      if (missing.length > 0) {
        throw new Error(`Routes without an access declaration (config.access): ${missing.join(', ')}`);
      }
    },
  };
}

export function isAllowed(access: Access, actor: Actor | undefined): boolean {
  if (access === 'public') return true;
  if (!actor) return false;
  if (access === 'signed-in') return true;
  return actor.roles.some((role) => access.includes(role));
}

/** Role lists used by several modules. */
export const everyone: readonly Role[] = roles;
export const adminOnly: readonly Role[] = ['admin'];

/** The station filter for a station-owned table, or undefined when the actor sees all stations. */
export function scopeToStation(actor: Actor, column: PgColumn): SQL | undefined {
  return seesAllStations(actor.roles) ? undefined : eq(column, actor.stationId);
}

export function canSeeStation(actor: Actor, stationId: number): boolean {
  return seesAllStations(actor.roles) || actor.stationId === stationId;
}
