import { z } from 'zod';
import { i18nMessage } from './messages.js';

/** A timestamp on the wire (ISO 8601) and a Date in the server. */
export const timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (value) => new Date(value),
  encode: (value) => value.toISOString(),
});

export const idParam = z.object({ id: z.coerce.number().int().positive() });
export const isoDate = z.iso.date({ error: i18nMessage('date') });
export const optionalText = (max = 500) =>
  z
    .string()
    .trim()
    .max(max, { error: i18nMessage('tooLong') })
    .transform((value) => (value === '' ? null : value))
    .nullish();
export const requiredText = (max = 200) =>
  z
    .string({ error: i18nMessage('required') })
    .trim()
    .min(1, { error: i18nMessage('nonEmpty') })
    .max(max, { error: i18nMessage('tooLong') });

/** Mainland mobile (11 digits starting with 1) or a fixed line with area code, e.g. 010-12345678-123. */
export const phonePattern = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$/;
export const phone = z
  .string()
  .trim()
  .regex(phonePattern, { error: i18nMessage('phone') });
export const optionalPhone = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .pipe(
    z
      .string()
      .regex(phonePattern, { error: i18nMessage('phone') })
      .nullable(),
  )
  .nullish();
export const optionalEmail = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .pipe(z.email({ error: i18nMessage('email') }).nullable())
  .nullish();
export const optionalDate = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .pipe(isoDate.nullable())
  .nullish();

/** The version a client loaded, for optimistic concurrency on updates. */
export const versioned = { version: z.number().int().positive() };

/** Deactivate (false) or reactivate (true) a record. */
export const activeBody = z.object({ active: z.boolean() });

export const okResponse = z.object({ ok: z.literal(true) });
