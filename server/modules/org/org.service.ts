import { and, asc, count, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { type Actor, scopeToStation } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { likeEscape, offsetOf } from '../../lib/pagination.js';
import { createRecord, type RecordKind, setRecordActive, updateRecord } from '../../lib/records.js';
import { recordAudit } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import type { departmentInput, stationInput, userCreate, userListQuery, userUpdate } from './org.contract.js';
import { departments, stations, users } from './org.table.js';

const stationKind: RecordKind = { entityType: 'station', label: { zh: '服务站', en: 'Station' } };
const departmentKind: RecordKind = { entityType: 'department', label: { zh: '部门', en: 'Department' } };
const userKind: RecordKind = { entityType: 'user', label: { zh: '用户', en: 'User' } };

registerConstraintMessages({
  stations_code_key: { field: 'code', text: { zh: '服务站编码已存在', en: 'A station with this code already exists' } },
  departments_code_key: {
    field: 'code',
    text: { zh: '部门代码已存在', en: 'A department with this code already exists' },
  },
  departments_code_pinyin: {
    field: 'code',
    text: { zh: '部门代码应为大写拼音字母', en: 'Department code must be upper-case letters' },
  },
  users_username_key: { field: 'username', text: { zh: '用户名已被使用', en: 'This username is taken' } },
  users_phone_key: {
    field: 'phone',
    text: { zh: '该手机号已被其他用户使用', en: 'Another user has this phone number' },
  },
  users_station_id_stations_id_fk: {
    field: 'stationId',
    text: { zh: '所选服务站不存在', en: 'The chosen station does not exist' },
  },
  users_department_id_departments_id_fk: {
    field: 'departmentId',
    text: { zh: '所选部门不存在', en: 'The chosen department does not exist' },
  },
  stations_parent_id_stations_id_fk: {
    field: 'parentId',
    text: { zh: '上级服务站不存在', en: 'The parent station does not exist' },
  },
});

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  phone: users.phone,
  email: users.email,
  roles: users.roles,
  stationId: users.stationId,
  stationName: stations.name,
  departmentId: users.departmentId,
  departmentName: departments.name,
  skills: users.skills,
  specialty: users.specialty,
  mustChangePassword: users.mustChangePassword,
  lastSignInAt: users.lastSignInAt,
  isActive: users.isActive,
  version: users.version,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

const activeFilter = (column: PgColumn, active: 'true' | 'false' | 'all') =>
  active === 'all' ? undefined : eq(column, active === 'true');

export function createOrgService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function assertActiveReference(kind: 'station' | 'department', id: number | null | undefined, field: string) {
    if (id == null) return;
    const table = kind === 'station' ? stations : departments;
    const [row] = await db.select({ isActive: table.isActive }).from(table).where(eq(table.id, id));
    if (!row?.isActive) {
      const text =
        kind === 'station'
          ? { zh: '所选服务站不存在或已停用', en: 'The chosen station does not exist or is inactive' }
          : { zh: '所选部门不存在或已停用', en: 'The chosen department does not exist or is inactive' };
      throw new AppError('VALIDATION', text, { fields: [{ field, message: text.en }] });
    }
  }

  async function getUser(actor: Actor, id: number) {
    const [row] = await db
      .select(userColumns)
      .from(users)
      .leftJoin(stations, eq(stations.id, users.stationId))
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .where(and(eq(users.id, id), scopeToStation(actor, users.stationId)));
    if (!row) throw notFound(userKind.label.zh, userKind.label.en);
    return row;
  }

  return {
    listStations: (active: 'true' | 'false' | 'all') =>
      db.select().from(stations).where(activeFilter(stations.isActive, active)).orderBy(asc(stations.code)),

    async getStation(id: number) {
      const [row] = await db.select().from(stations).where(eq(stations.id, id));
      if (!row) throw notFound(stationKind.label.zh, stationKind.label.en);
      return row;
    },

    createStation: (actor: Actor, input: z.output<typeof stationInput>) =>
      db.transaction(async (tx) => {
        await assertActiveReference('station', input.parentId, 'parentId');
        return createRecord(tx, stations, stationKind, { values: input, actor });
      }),

    updateStation: (actor: Actor, id: number, input: z.output<typeof stationInput> & { version: number }) =>
      db.transaction(async (tx) => {
        const { version, ...patch } = input;
        if (patch.parentId === id) {
          throw new AppError(
            'VALIDATION',
            { zh: '上级服务站不能是自己', en: 'A station cannot be its own parent' },
            {
              fields: [{ field: 'parentId', message: 'self' }],
            },
          );
        }
        await assertActiveReference('station', patch.parentId, 'parentId');
        return updateRecord(tx, stations, stationKind, {
          id,
          expectedVersion: version,
          patch,
          actor,
          now: clock.now(),
        });
      }),

    setStationActive: (actor: Actor, id: number, active: boolean) =>
      db.transaction((tx) => setRecordActive(tx, stations, stationKind, { id, active, actor, now: clock.now() })),

    listDepartments: (active: 'true' | 'false' | 'all') =>
      db.select().from(departments).where(activeFilter(departments.isActive, active)).orderBy(asc(departments.code)),

    async getDepartment(id: number) {
      const [row] = await db.select().from(departments).where(eq(departments.id, id));
      if (!row) throw notFound(departmentKind.label.zh, departmentKind.label.en);
      return row;
    },

    createDepartment: (actor: Actor, input: z.output<typeof departmentInput>) =>
      db.transaction((tx) => createRecord(tx, departments, departmentKind, { values: input, actor })),

    updateDepartment: (actor: Actor, id: number, input: z.output<typeof departmentInput> & { version: number }) =>
      db.transaction((tx) => {
        const { version, ...patch } = input;
        return updateRecord(tx, departments, departmentKind, {
          id,
          expectedVersion: version,
          patch,
          actor,
          now: clock.now(),
        });
      }),

    setDepartmentActive: (actor: Actor, id: number, active: boolean) =>
      db.transaction((tx) => setRecordActive(tx, departments, departmentKind, { id, active, actor, now: clock.now() })),

    async listUsers(actor: Actor, query: z.output<typeof userListQuery>) {
      const conditions: (SQL | undefined)[] = [scopeToStation(actor, users.stationId)];
      if (query.active !== 'all') conditions.push(eq(users.isActive, query.active === 'true'));
      if (query.role) conditions.push(sql`${query.role} = any(${users.roles})`);
      if (query.stationId) conditions.push(eq(users.stationId, query.stationId));
      if (query.q) {
        const pattern = `%${likeEscape(query.q)}%`;
        conditions.push(
          or(ilike(users.username, pattern), ilike(users.displayName, pattern), ilike(users.phone, pattern)),
        );
      }
      const where = and(...conditions);
      const sortColumn = { username: users.username, displayName: users.displayName, createdAt: users.createdAt }[
        query.sort
      ];
      const [items, [{ total }]] = await Promise.all([
        db
          .select(userColumns)
          .from(users)
          .leftJoin(stations, eq(stations.id, users.stationId))
          .leftJoin(departments, eq(departments.id, users.departmentId))
          .where(where)
          .orderBy(query.order === 'desc' ? desc(sortColumn) : asc(sortColumn), asc(users.id))
          .limit(query.pageSize)
          .offset(offsetOf(query)),
        db.select({ total: count() }).from(users).where(where),
      ]);
      return { items, total, page: query.page, pageSize: query.pageSize };
    },

    getUser,

    async createUser(actor: Actor, input: z.output<typeof userCreate>) {
      await assertActiveReference('station', input.stationId, 'stationId');
      await assertActiveReference('department', input.departmentId, 'departmentId');
      const { password, ...rest } = input;
      const passwordHash = await hashPassword(password);
      const created = await db.transaction((tx) =>
        createRecord(tx, users, userKind, { values: { ...rest, passwordHash, mustChangePassword: true }, actor }),
      );
      return getUser(actor, created.id as number);
    },

    async updateUser(actor: Actor, id: number, input: z.output<typeof userUpdate>) {
      await assertActiveReference('station', input.stationId, 'stationId');
      await assertActiveReference('department', input.departmentId, 'departmentId');
      const { version, ...patch } = input;
      if (id === actor.id && !patch.roles.includes('admin') && actor.roles.includes('admin')) {
        throw new AppError(
          'VALIDATION',
          { zh: '不能移除自己的管理员角色', en: 'You cannot remove your own admin role' },
          {
            fields: [{ field: 'roles', message: 'own admin role' }],
          },
        );
      }
      await db.transaction((tx) =>
        updateRecord(tx, users, userKind, { id, expectedVersion: version, patch, actor, now: clock.now() }),
      );
      return getUser(actor, id);
    },

    async setUserActive(actor: Actor, id: number, active: boolean) {
      if (id === actor.id && !active) {
        throw new AppError('VALIDATION', { zh: '不能停用自己的账号', en: 'You cannot deactivate your own account' });
      }
      await db.transaction((tx) => setRecordActive(tx, users, userKind, { id, active, actor, now: clock.now() }));
      return getUser(actor, id);
    },

    async resetPassword(actor: Actor, id: number, password: string) {
      await getUser(actor, id);
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ passwordHash, mustChangePassword: true, updatedAt: clock.now() })
          .where(eq(users.id, id));
        await tx.execute(sql`delete from sessions where (data->>'userId')::int = ${id}`);
        await recordAudit(tx, {
          entityType: 'user',
          entityId: id,
          action: 'update',
          actor,
          before: {},
          after: { passwordReset: true },
        });
      });
    },
  };
}
export type OrgService = ReturnType<typeof createOrgService>;
