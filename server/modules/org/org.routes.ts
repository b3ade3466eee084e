import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { adminOnly, everyone } from '../../lib/access.js';
import { activeBody, idParam, okResponse } from '../../lib/contract.js';
import { pageOf } from '../../lib/pagination.js';
import { historyList } from '../audit/audit.contract.js';
import { listHistory } from '../audit/audit.service.js';
import {
  department,
  departmentInput,
  departmentUpdate,
  listQueryActive,
  resetPasswordBody,
  settingItem,
  settingKeyParam,
  settingUpdate,
  station,
  stationInput,
  stationUpdate,
  user,
  userCreate,
  userListQuery,
  userUpdate,
} from './org.contract.js';
import { suggestDepartmentCode } from './org.rules.js';
import type { OrgService } from './org.service.js';
import type { SettingsService } from './settings.service.js';

const userManagers = ['admin', 'station_manager'] as const;

export const orgRoutes =
  (deps: { db: Db; org: OrgService; settings: SettingsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { org, settings, db } = deps;

    // Stations (ORG-1): every signed-in user may read them (filters, forms); admins change them.
    app.get(
      '/api/stations',
      {
        config: { access: everyone },
        schema: {
          tags: ['org'],
          summary: 'List stations',
          querystring: listQueryActive,
          response: { 200: z.object({ items: z.array(station) }) },
        },
      },
      async (request) => ({
        items: await org.listStations(request.query.active),
      }),
    );
    app.get(
      '/api/stations/:id',
      {
        config: { access: everyone },
        schema: { tags: ['org'], summary: 'Get a station', params: idParam, response: { 200: station } },
      },
      async (request) => org.getStation(request.params.id),
    );
    app.post(
      '/api/stations',
      {
        config: { access: adminOnly },
        schema: { tags: ['org'], summary: 'Create a station', body: stationInput, response: { 200: station } },
      },
      async (request) => org.createStation(request.actor!, request.body) as never,
    );
    app.put(
      '/api/stations/:id',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Update a station',
          params: idParam,
          body: stationUpdate,
          response: { 200: station },
        },
      },
      async (request) => org.updateStation(request.actor!, request.params.id, request.body) as never,
    );
    app.post(
      '/api/stations/:id/active',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Deactivate or reactivate a station',
          params: idParam,
          body: activeBody,
          response: { 200: station },
        },
      },
      async (request) => org.setStationActive(request.actor!, request.params.id, request.body.active) as never,
    );
    app.get(
      '/api/stations/:id/history',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Audit history of a station',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await org.getStation(request.params.id);
        return { items: await listHistory(db, 'station', request.params.id) };
      },
    );

    // Departments (ORG-2) with their pinyin document codes.
    app.get(
      '/api/departments',
      {
        config: { access: everyone },
        schema: {
          tags: ['org'],
          summary: 'List departments',
          querystring: listQueryActive,
          response: { 200: z.object({ items: z.array(department) }) },
        },
      },
      async (request) => ({
        items: await org.listDepartments(request.query.active),
      }),
    );
    app.get(
      '/api/departments/code-suggestion',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Suggest a pinyin code for a department name',
          querystring: z.object({ name: z.string().trim().min(1).max(100) }),
          response: { 200: z.object({ code: z.string() }) },
        },
      },
      async (request) => ({
        code: suggestDepartmentCode(request.query.name),
      }),
    );
    app.get(
      '/api/departments/:id',
      {
        config: { access: everyone },
        schema: { tags: ['org'], summary: 'Get a department', params: idParam, response: { 200: department } },
      },
      async (request) => org.getDepartment(request.params.id),
    );
    app.post(
      '/api/departments',
      {
        config: { access: adminOnly },
        schema: { tags: ['org'], summary: 'Create a department', body: departmentInput, response: { 200: department } },
      },
      async (request) => org.createDepartment(request.actor!, request.body) as never,
    );
    app.put(
      '/api/departments/:id',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Update a department',
          params: idParam,
          body: departmentUpdate,
          response: { 200: department },
        },
      },
      async (request) => org.updateDepartment(request.actor!, request.params.id, request.body) as never,
    );
    app.post(
      '/api/departments/:id/active',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Deactivate or reactivate a department',
          params: idParam,
          body: activeBody,
          response: { 200: department },
        },
      },
      async (request) => org.setDepartmentActive(request.actor!, request.params.id, request.body.active) as never,
    );
    app.get(
      '/api/departments/:id/history',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Audit history of a department',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await org.getDepartment(request.params.id);
        return { items: await listHistory(db, 'department', request.params.id) };
      },
    );

    // Users (ORG-3): admins manage them; station managers see their own station's staff.
    app.get(
      '/api/users',
      {
        config: { access: userManagers },
        schema: { tags: ['org'], summary: 'List users', querystring: userListQuery, response: { 200: pageOf(user) } },
      },
      async (request) => org.listUsers(request.actor!, request.query),
    );
    app.get(
      '/api/users/:id',
      {
        config: { access: userManagers },
        schema: { tags: ['org'], summary: 'Get a user', params: idParam, response: { 200: user } },
      },
      async (request) => org.getUser(request.actor!, request.params.id),
    );
    app.post(
      '/api/users',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Create a user (must change the password at first sign-in)',
          body: userCreate,
          response: { 200: user },
        },
      },
      async (request) => org.createUser(request.actor!, request.body),
    );
    app.put(
      '/api/users/:id',
      {
        config: { access: adminOnly },
        schema: { tags: ['org'], summary: 'Update a user', params: idParam, body: userUpdate, response: { 200: user } },
      },
      async (request) => org.updateUser(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/users/:id/active',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Deactivate or reactivate a user',
          params: idParam,
          body: activeBody,
          response: { 200: user },
        },
      },
      async (request) => org.setUserActive(request.actor!, request.params.id, request.body.active),
    );
    app.post(
      '/api/users/:id/password',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['org'],
          summary: 'Set a temporary password (the user must change it)',
          params: idParam,
          body: resetPasswordBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await org.resetPassword(request.actor!, request.params.id, request.body.password);
        return { ok: true as const };
      },
    );
    app.get(
      '/api/users/:id/history',
      {
        config: { access: adminOnly },
        schema: { tags: ['org'], summary: 'Audit history of a user', params: idParam, response: { 200: historyList } },
      },
      async (request) => {
        await org.getUser(request.actor!, request.params.id);
        return { items: await listHistory(db, 'user', request.params.id) };
      },
    );

    // Typed settings store.
    app.get(
      '/api/settings',
      {
        config: { access: everyone },
        schema: {
          tags: ['settings'],
          summary: 'All settings with their values and defaults',
          response: { 200: z.object({ items: z.array(settingItem) }) },
        },
      },
      async () => ({
        items: await settings.list(),
      }),
    );
    app.put(
      '/api/settings/:key',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['settings'],
          summary: 'Change a setting',
          params: settingKeyParam,
          body: settingUpdate,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await settings.update(request.actor!, request.params.key, request.body.value, request.body.version);
        return { ok: true as const };
      },
    );
    app.get(
      '/api/settings/:key/history',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['settings'],
          summary: 'Audit history of a setting',
          params: settingKeyParam,
          response: { 200: historyList },
        },
      },
      async (request) => ({
        items: await listHistory(db, 'setting', request.params.key),
      }),
    );
  };
