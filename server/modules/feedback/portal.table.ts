import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A one-time code sent by SMS to verify a phone on the portal (FBK-4): only the hash is kept; it
 * expires and allows a few attempts.
 */
export const portalCodes = pgTable(
  'portal_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    phone: text('phone').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('portal_codes_phone_idx').on(t.phone, t.createdAt)],
);

/** Proof-of-work challenges already redeemed (replay protection); rows past `expires_at` are purged. */
export const portalChallengeUses = pgTable('portal_challenge_uses', {
  signature: text('signature').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
