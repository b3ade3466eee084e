/**
 * Group commit of new tickets (TKT-5 under load, decision 0011). Intake validates and plans each
 * ticket outside any transaction (numbers aside, every value is known then: routing, warranty,
 * clocks); the plans that arrive while a batch is being written wait and go together in the next
 * one — one transaction that takes n numbers per department and month from the counter in one
 * statement, inserts the tickets with their numbers and search text, then their timeline entries,
 * clocks and "received" messages, and commits once. One batch is in flight per process, so the
 * counter row is never queued on here; instances queue on it batch by batch.
 *
 * Gap-free: a batch that fails rolls back with its numbers, and is retried ticket by ticket, so one
 * bad ticket fails alone and the others get the numbers it would have taken.
 */
import { type SQL, sql } from 'drizzle-orm';
import type pg from 'pg';
import { insertRows } from '../../db/bulk.js';
import type { Db } from '../../db/database.js';
import { runPrepared } from '../../db/prepared.js';
import { outboxMessages } from '../notify/notify.table.js';
import { type NotificationRecipient, OUTBOX_CHANNEL, outboxRows } from '../notify/outbox.js';
import { formatDocumentNumber } from './numbering.rules.js';
import { ticketClocks, ticketEvents, tickets } from './tickets.table.js';

/**
 * The searchable text of a ticket, computed in SQL so every writer uses one definition (alias t;
 * `number` is passed in because a writer may set it in the same statement).
 */
export const searchTextOf = (number: SQL) => sql`concat_ws(' ', ${number},
  (select c.name from customers c where c.id = t.customer_id),
  t.contact_name, t.contact_phone,
  (select c.phone from customers c where c.id = t.customer_id),
  (select e.serial_no from equipment e where e.id = t.equipment_id),
  t.title)`;

export type IntakePlan = {
  /** Receiving department's code and `YYMM` of the moment of recording (TKT-5). */
  prefix: string;
  period: string;
  ticket: Omit<typeof tickets.$inferInsert, 'number' | 'searchText'>;
  event: Omit<typeof ticketEvents.$inferInsert, 'ticketId'>;
  clocks: Omit<typeof ticketClocks.$inferInsert, 'ticketId'>[];
  /** Who is told that the request was received, with its number. */
  recipient: NotificationRecipient | null;
};

export type IntakeResult = { id: number; number: string };

/** Takes the numbers of a batch: one counter statement, counters locked in (prefix, period) order. */
async function takeNumbers(client: pg.PoolClient, plans: IntakePlan[]): Promise<string[]> {
  const key = (prefix: string, period: string) => `${prefix} ${period}`;
  const groups = new Map<string, { prefix: string; period: string; count: number }>();
  for (const { prefix, period } of plans) {
    const group = groups.get(key(prefix, period)) ?? { prefix, period, count: 0 };
    group.count++;
    groups.set(key(prefix, period), group);
  }
  const ordered = [...groups.values()].sort((a, b) =>
    a.prefix === b.prefix ? a.period.localeCompare(b.period) : a.prefix.localeCompare(b.prefix),
  );
  const result = await runPrepared<{ prefix: string; period: string; last_value: number }>(
    client,
    sql`
    insert into document_counters (prefix, period, last_value)
    select * from unnest(${sql.param(ordered.map((g) => g.prefix))}::text[],
                         ${sql.param(ordered.map((g) => g.period))}::text[],
                         ${sql.param(ordered.map((g) => g.count))}::int[])
    on conflict (prefix, period) do update set last_value = document_counters.last_value + excluded.last_value
    returning prefix, period, last_value`,
  );
  // The first sequence of each group: the counter's new value less what this batch took.
  const next = new Map(
    result.rows.map((row) => {
      const k = key(row.prefix, row.period);
      return [k, Number(row.last_value) - (groups.get(k)?.count ?? 0) + 1];
    }),
  );
  return plans.map(({ prefix, period }) => {
    const sequence = next.get(key(prefix, period));
    if (sequence === undefined) throw new Error(`intake: no counter for ${prefix} ${period}`);
    next.set(key(prefix, period), sequence + 1);
    return formatDocumentNumber(prefix, period, sequence);
  });
}

/** Writes a batch of planned tickets in one transaction; results in the order of `plans`. */
async function writeBatch(db: Db, plans: IntakePlan[]): Promise<IntakeResult[]> {
  const client = await db.$client.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const results = await writePlans(db, client, plans);
    await client.query('commit');
    return results;
  } catch (error) {
    await client.query('rollback').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

async function writePlans(db: Db, client: pg.PoolClient, plans: IntakePlan[]): Promise<IntakeResult[]> {
  const numbers = await takeNumbers(client, plans);
  const inserted = await runPrepared<{ id: number; number: string }>(
    client,
    sql`${insertRows(
      tickets,
      plans.map((plan, index) => ({ ...plan.ticket, number: numbers[index] })),
      { searchText: searchTextOf(sql`t.number`) },
    )} returning id, number`,
  );
  const idByNumber = new Map(inserted.rows.map((row) => [row.number, Number(row.id)]));
  const results = numbers.map((number) => {
    const id = idByNumber.get(number);
    if (id === undefined) throw new Error(`intake: ticket ${number} was not inserted`);
    return { id, number };
  });

  const messages: Awaited<ReturnType<typeof outboxRows>> = [];
  for (const [index, plan] of plans.entries()) {
    if (!plan.recipient) continue;
    const { id, number } = results[index];
    // A customer's address needs no query (a staff recipient would be read outside this transaction).
    messages.push(
      ...(await outboxRows(db, {
        template: 'ticket.received',
        payload: { ticketId: id, ticketNumber: number },
        to: plan.recipient,
        dedupeKey: `ticket.received:${id}`,
      })),
    );
  }
  const events = plans.map((plan, index) => ({ ...plan.event, ticketId: results[index].id }));
  const clocks = plans.flatMap((plan, index) => plan.clocks.map((c) => ({ ...c, ticketId: results[index].id })));
  const parts = [sql`events as (${insertRows(ticketEvents, events)})`];
  if (clocks.length > 0) parts.push(sql`clocks as (${insertRows(ticketClocks, clocks)})`);
  parts.push(
    messages.length > 0
      ? sql`messages as (${insertRows(outboxMessages, messages)} on conflict (dedupe_key) do nothing returning id)`
      : sql`messages as (select null where false)`,
  );
  // The wake-up of the outbox workers is delivered on commit, once per transaction.
  await runPrepared(
    client,
    sql`with ${sql.join(parts, sql`, `)}
      select pg_notify(${OUTBOX_CHANNEL}, '') where exists (select 1 from messages)`,
  );
  return results;
}

/** The process's intake queue: `submit` resolves when the ticket is committed with its number. */
export function createIntakeQueue(db: Db, maxBatch = 100) {
  type Waiting = { plan: IntakePlan; resolve: (result: IntakeResult) => void; reject: (error: unknown) => void };
  let waiting: Waiting[] = [];
  let writing = false;

  async function drain() {
    writing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, maxBatch);
        waiting = waiting.slice(maxBatch);
        try {
          const results = await writeBatch(
            db,
            batch.map((item) => item.plan),
          );
          for (const [index, item] of batch.entries()) item.resolve(results[index]);
        } catch (error) {
          if (batch.length === 1) batch[0].reject(error);
          else {
            // One of them may be at fault: each alone, so only that one fails.
            for (const item of batch) {
              await writeBatch(db, [item.plan]).then(([result]) => item.resolve(result), item.reject);
            }
          }
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    submit(plan: IntakePlan): Promise<IntakeResult> {
      return new Promise((resolve, reject) => {
        waiting.push({ plan, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}

export type IntakeQueue = ReturnType<typeof createIntakeQueue>;
