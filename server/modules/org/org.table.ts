import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Role } from '../../lib/roles.js';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** Columns every master-data record has: deactivation instead of deletion, optimistic version. */
export const recordColumns = {
  isActive: boolean('is_active').notNull().default(true),
  version: integer('version').notNull().default(1),
  ...timestamps,
};

export const stationTypes = ['station', 'service_center', 'branch', 'dealer'] as const;

export const stations = pgTable(
  'stations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type', { enum: stationTypes }).notNull(),
    region: text('region'),
    address: text('address'),
    phone: text('phone'),
    parentId: integer('parent_id').references((): any => stations.id),
    ...recordColumns,
  },
  (t) => [uniqueIndex('stations_code_key').on(t.code)],
);

export const departments = pgTable(
  'departments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    ...recordColumns,
  },
  (t) => [
    uniqueIndex('departments_code_key').on(t.code),
    check('departments_code_pinyin', sql`${t.code} ~ '^[A-Z]{1,6}$'`),
  ],
);

export const engineerSpecialties = ['technical_support', 'repair', 'installation'] as const;

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    phone: text('phone'),
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull().$type<Role[]>(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    departmentId: integer('department_id').references(() => departments.id),
    /** Product lines (product categories) the user is skilled in. */
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    specialty: text('specialty', { enum: engineerSpecialties }),
    locale: text('locale', { enum: ['zh-CN', 'en-US'] })
      .notNull()
      .default('zh-CN'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    ...recordColumns,
  },
  (t) => [
    uniqueIndex('users_username_key').on(sql`lower(${t.username})`),
    uniqueIndex('users_phone_key').on(t.phone),
    index('users_station_idx').on(t.stationId),
    check('users_roles_not_empty', sql`cardinality(${t.roles}) > 0`),
  ],
);

/** Typed settings store: one row per key, validated by the registry in settings.rules.ts. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
