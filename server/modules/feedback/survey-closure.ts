/**
 * FBK-1: the survey of a ticket closure, created inside the transaction that closes the ticket
 * (called by `transitionTicket`). One survey per closure — `(ticket_id, closure_no)` is unique and
 * `closure_no` is the ticket's reopen count — so calling it twice for the same closure adds
 * nothing. A reopened and re-closed ticket gets a NEW survey (the customer judges the service as
 * it finally ended); the earlier survey, if still unanswered, is superseded and its link stops
 * working. The customer gets the one-time link by SMS (contact's or customer's mobile) and by
 * email when an address is known.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { customerContacts, customers } from '../customers/customers.table.js';
import { assignments } from '../dispatch/dispatch.table.js';
import { enqueueNotification } from '../notify/outbox.js';
import { settings as settingsTable } from '../org/org.table.js';
import { resolveSetting, type SettingKey, type SettingValue } from '../org/settings.rules.js';
import type { tickets } from '../tickets/tickets.table.js';
import { newSurveyToken, surveyTimes, surveyUrl } from './surveys.rules.js';
import { surveys } from './surveys.table.js';

type TicketRow = typeof tickets.$inferSelect;

/** Reads settings inside the caller's transaction (no second pool connection, no stale cache). */
export async function readSettings<K extends SettingKey>(tx: DbOrTx, keys: readonly K[]) {
  const rows = await tx
    .select({ key: settingsTable.key, value: settingsTable.value })
    .from(settingsTable)
    .where(inArray(settingsTable.key, keys as unknown as string[]));
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  return Object.fromEntries(keys.map((key) => [key, resolveSetting(key, stored.get(key))])) as {
    [P in K]: SettingValue<P>;
  };
}

const isMobile = (value: string | null | undefined): value is string => !!value && /^1[3-9]\d{9}$/.test(value);

/** The lead engineer who did the work (the latest accepted or completed lead assignment). */
export async function leadEngineerOf(tx: DbOrTx, ticketId: number): Promise<number | null> {
  const [row] = await tx
    .select({ engineerId: assignments.engineerId })
    .from(assignments)
    .where(
      and(
        eq(assignments.ticketId, ticketId),
        eq(assignments.role, 'lead'),
        inArray(assignments.status, ['accepted', 'completed']),
      ),
    )
    .orderBy(desc(assignments.assignedAt))
    .limit(1);
  return row?.engineerId ?? null;
}

/**
 * Creates the survey of the closure `ticket` has just made (status closed, closed_at = `at`) and
 * enqueues the customer's link. Returns the survey id, or null when this closure already has one.
 */
export async function createClosureSurvey(tx: DbOrTx, ticket: TicketRow, at: Date): Promise<number | null> {
  const config = await readSettings(tx, [
    'feedback.surveyDueHours',
    'feedback.surveyLinkDays',
    'feedback.publicBaseUrl',
  ] as const);
  const { dueAt, tokenExpiresAt } = surveyTimes(at, {
    dueHours: config['feedback.surveyDueHours'],
    linkDays: config['feedback.surveyLinkDays'],
  });
  const { token, hash } = newSurveyToken();
  const engineerId = await leadEngineerOf(tx, ticket.id);
  const [created] = await tx
    .insert(surveys)
    .values({
      ticketId: ticket.id,
      closureNo: ticket.reopenCount,
      stationId: ticket.stationId,
      customerId: ticket.customerId,
      engineerId,
      closedAt: at,
      dueAt,
      tokenHash: hash,
      tokenExpiresAt,
    })
    .onConflictDoNothing({ target: [surveys.ticketId, surveys.closureNo] })
    .returning({ id: surveys.id });
  if (!created) return null;
  // Earlier closures' unanswered surveys are replaced by this one.
  await tx
    .update(surveys)
    .set({ status: 'superseded', version: sql`${surveys.version} + 1` })
    .where(
      and(
        eq(surveys.ticketId, ticket.id),
        eq(surveys.status, 'pending'),
        sql`${surveys.closureNo} < ${ticket.reopenCount}`,
      ),
    );

  const [customer] = await tx
    .select({ phone: customers.phone, email: customers.email })
    .from(customers)
    .where(eq(customers.id, ticket.customerId));
  const [contact] = ticket.contactId
    ? await tx
        .select({ mobile: customerContacts.mobile, email: customerContacts.email })
        .from(customerContacts)
        .where(eq(customerContacts.id, ticket.contactId))
    : [];
  const phone = [ticket.contactPhone, contact?.mobile, customer?.phone].find(isMobile);
  const email = contact?.email || customer?.email || null;
  const payload = {
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    surveyUrl: surveyUrl(config['feedback.publicBaseUrl'], token),
    expiresAt: tokenExpiresAt,
  };
  const dedupeKey = `survey.invite:${created.id}`;
  if (phone) await enqueueNotification(tx, { template: 'survey.invite', payload, to: { phone }, dedupeKey });
  if (email?.includes('@')) {
    await enqueueNotification(tx, { template: 'survey.invite', payload, to: { email }, dedupeKey });
  }
  return created.id;
}
