import { z } from 'zod';
import { i18nMessage } from '../../lib/messages.js';
import { roles } from '../../lib/roles.js';

export const signInBody = z.object({
  login: z
    .string({ error: i18nMessage('required') })
    .trim()
    .min(1, { error: i18nMessage('required') })
    .max(64),
  password: z
    .string({ error: i18nMessage('required') })
    .min(1, { error: i18nMessage('required') })
    .max(128),
});

export const changePasswordBody = z.object({
  currentPassword: z
    .string({ error: i18nMessage('required') })
    .min(1, { error: i18nMessage('required') })
    .max(128),
  newPassword: z
    .string({ error: i18nMessage('required') })
    .max(128)
    .refine((value) => value.length >= 8 && /[A-Za-z]/.test(value) && /\d/.test(value), {
      error: i18nMessage('password'),
    }),
});

export const sessionUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(roles)),
  stationId: z.number(),
  stationName: z.string(),
  departmentId: z.number().nullable(),
  locale: z.enum(['zh-CN', 'en-US']),
  mustChangePassword: z.boolean(),
  personalData: z.enum(['full', 'reveal', 'none']),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const meResponse = z.object({ user: sessionUser.nullable(), csrfToken: z.string().nullable() });
export type MeResponse = z.infer<typeof meResponse>;

export const localeBody = z.object({ locale: z.enum(['zh-CN', 'en-US']) });
