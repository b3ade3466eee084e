import { z } from 'zod';
import {
  isoDate,
  optionalEmail,
  optionalPhone,
  optionalText,
  requiredText,
  timestamp,
  versioned,
} from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';
import { pageQuery } from '../../lib/pagination.js';
import { roles } from '../../lib/roles.js';

export const stationTypes = ['station', 'service_center', 'branch', 'dealer'] as const;
export const engineerSpecialties = ['technical_support', 'repair', 'installation'] as const;
export const productLines = ['hardware', 'software', 'data', 'integration'] as const;

const code = z
  .string({ error: i18nMessage('required') })
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: i18nMessage('code') });

export const stationInput = z.object({
  code,
  name: requiredText(100),
  type: z.enum(stationTypes),
  region: optionalText(100),
  address: optionalText(300),
  phone: optionalPhone,
  parentId: z.number().int().positive().nullish(),
});
export const stationUpdate = stationInput.extend(versioned);
export const station = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  type: z.enum(stationTypes),
  region: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  parentId: z.number().nullable(),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Station = z.input<typeof station>;

export const departmentInput = z.object({
  code: z
    .string({ error: i18nMessage('required') })
    .trim()
    .regex(/^[A-Z]{1,6}$/, { error: i18nMessage('deptCode') }),
  name: requiredText(100),
  description: optionalText(500),
});
export const departmentUpdate = departmentInput.extend(versioned);
export const department = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Department = z.input<typeof department>;

const userFields = {
  displayName: requiredText(50),
  phone: optionalPhone,
  email: optionalEmail,
  roles: z.array(z.enum(roles)).min(1, { error: i18nMessage('roles') }),
  stationId: z
    .number({ error: i18nMessage('required') })
    .int()
    .positive(),
  departmentId: z.number().int().positive().nullish(),
  skills: z.array(z.enum(productLines)).default([]),
  specialty: z.enum(engineerSpecialties).nullish(),
};
export const userCreate = z.object({
  username: z
    .string({ error: i18nMessage('required') })
    .trim()
    .regex(/^[A-Za-z0-9._-]{3,32}$/, { error: i18nMessage('username') }),
  password: z
    .string({ error: i18nMessage('required') })
    .max(128)
    .refine((value) => value.length >= 8 && /[A-Za-z]/.test(value) && /\d/.test(value), {
      error: i18nMessage('password'),
    }),
  ...userFields,
});
export const userUpdate = z.object({ ...userFields, ...versioned });
export const resetPasswordBody = z.object({
  password: userCreate.shape.password,
});
export const user = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  roles: z.array(z.enum(roles)),
  stationId: z.number(),
  stationName: z.string().nullable(),
  departmentId: z.number().nullable(),
  departmentName: z.string().nullable(),
  skills: z.array(z.string()),
  specialty: z.enum(engineerSpecialties).nullable(),
  mustChangePassword: z.boolean(),
  lastSignInAt: timestamp.nullable(),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type User = z.input<typeof user>;

export const userListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  role: z.enum(roles).optional(),
  stationId: z.coerce.number().int().positive().optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  sort: z.enum(['username', 'displayName', 'createdAt']).default('username'),
});

export const listQueryActive = z.object({ active: z.enum(['true', 'false', 'all']).default('all') });

export const settingItem = z.object({
  key: z.string(),
  group: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  unit: z.object({ zh: z.string(), en: z.string() }).optional(),
  value: z.unknown(),
  defaultValue: z.unknown(),
  isDefault: z.boolean(),
  version: z.number(),
  updatedAt: timestamp.nullable(),
});
export type SettingItem = z.input<typeof settingItem>;
export const settingUpdate = z.object({ value: z.unknown(), version: z.number().int().min(0) });
export const settingKeyParam = z.object({ key: z.string().max(100) });

export { isoDate };
