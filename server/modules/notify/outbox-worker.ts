/**
 * Delivers the outbox (PLT-3). Any number of app instances run one worker each: a batch is claimed
 * with `FOR UPDATE SKIP LOCKED` under a lease (`locked_by`, `locked_until`), so two instances never
 * take the same message, and a message whose instance died is taken again once the lease expires.
 * All state is in the table, so a restart loses nothing.
 *
 * - in-app: the inbox row and the 'sent' mark commit in one transaction, guarded by the lease —
 *   exactly once.
 * - email/SMS: sent outside any transaction, then marked 'sent' if this instance still holds the
 *   lease; the message id goes to the sender as idempotency key (at least once, duplicates
 *   recognisable).
 * - a failure waits retryBaseSeconds · 2^(attempt−1) and goes dead after notify.maxAttempts.
 *
 * Queue times use the database's clock (now()), the one clock all instances share.
 * Wake-up: LISTEN outbox (enqueue NOTIFYs on commit), with polling as the fallback.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Db } from '../../db/database.js';
import type { SettingsService } from '../org/settings.service.js';
import { isNotificationTemplate, parsePayload, renderNotification, smsText } from './notify.rules.js';
import { notifications, outboxMessages } from './notify.table.js';
import { OUTBOX_CHANNEL } from './outbox.js';
import { afterFailure } from './outbox.rules.js';
import { type NotifyLogger, PermanentDeliveryError, type Senders } from './senders.js';

export type OutboxWorkerOptions = {
  db: Db;
  senders: Senders;
  settings: SettingsService;
  logger: NotifyLogger;
  /** Names this instance in `locked_by`; default host:pid:random. */
  instanceId?: string;
  /** Messages claimed at once (sent concurrently). */
  batchSize?: number;
  /** How long a claim holds; a crashed instance's messages are taken again after it. */
  leaseSeconds?: number;
  /** Polling interval when no NOTIFY arrives. */
  pollIntervalMs?: number;
  /** An email/SMS send is given up (and retried later) after this; must stay below the lease. */
  sendTimeoutMs?: number;
};

export type OutboxWorker = {
  start(): void;
  stop(): Promise<void>;
  /** Claims and delivers one batch; resolves to the number of messages it handled. */
  runOnce(): Promise<number>;
  readonly instanceId: string;
};

type Claimed = typeof outboxMessages.$inferSelect;

class SendTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SendTimeout(`no answer from the sender within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, senders, settings, logger } = options;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const batchSize = options.batchSize ?? 10;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const sendTimeoutMs = options.sendTimeoutMs ?? Math.min(30_000, (leaseSeconds * 1000) / 2);

  /** Only while this instance still holds the message. */
  const heldByMe = (id: number) =>
    and(eq(outboxMessages.id, id), eq(outboxMessages.lockedBy, instanceId), eq(outboxMessages.status, 'sending'));

  async function claim(): Promise<Claimed[]> {
    const due = db
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      // Literal statuses, so the planner matches the partial index outbox_messages_unfinished_idx.
      .where(
        sql`(${outboxMessages.status} in ('pending', 'failed') and ${outboxMessages.nextAttemptAt} <= now())
          or (${outboxMessages.status} = 'sending' and ${outboxMessages.lockedUntil} < now())`,
      )
      .orderBy(outboxMessages.id)
      .limit(batchSize)
      .for('update', { skipLocked: true });
    return db
      .update(outboxMessages)
      .set({
        status: 'sending',
        lockedBy: instanceId,
        lockedUntil: sql`now() + make_interval(secs => ${leaseSeconds})`,
        attempts: sql`${outboxMessages.attempts} + 1`,
      })
      .where(inArray(outboxMessages.id, due))
      .returning();
  }

  type Context = { timeZone: string; orgName: string; maxAttempts: number; retryBaseSeconds: number };

  async function markSent(id: number): Promise<boolean> {
    const marked = await db
      .update(outboxMessages)
      .set({ status: 'sent', sentAt: sql`now()`, lockedBy: null, lockedUntil: null })
      .where(heldByMe(id))
      .returning({ id: outboxMessages.id });
    return marked.length > 0;
  }

  async function markFailed(message: Claimed, error: unknown, context: Context) {
    const permanent = error instanceof PermanentDeliveryError;
    const outcome = afterFailure(message.attempts, context, permanent);
    await db
      .update(outboxMessages)
      .set({
        status: outcome.status,
        lastError: errorText(error),
        lockedBy: null,
        lockedUntil: null,
        ...(outcome.status === 'failed'
          ? { nextAttemptAt: sql`now() + make_interval(secs => ${outcome.retryInSeconds})` }
          : {}),
      })
      .where(heldByMe(message.id));
    logger.warn(
      { outboxMessageId: message.id, channel: message.channel, attempt: message.attempts, status: outcome.status },
      `notification not delivered: ${errorText(error)}`,
    );
  }

  async function deliver(message: Claimed, context: Context): Promise<void> {
    if (message.attempts > context.maxAttempts) {
      // Claimed again after its lease expired, attempt after attempt (e.g. it crashes the process).
      return markFailed(
        message,
        new PermanentDeliveryError(`given up after ${message.attempts - 1} attempts`),
        context,
      );
    }
    const template = message.template;
    let rendered: ReturnType<typeof renderNotification>;
    try {
      if (!isNotificationTemplate(template)) throw new Error(`unknown template ${template}`);
      rendered = renderNotification(
        template,
        parsePayload(template, message.payload),
        message.locale,
        context.timeZone,
      );
    } catch (error) {
      return markFailed(message, new PermanentDeliveryError(errorText(error)), context);
    }

    try {
      if (message.channel === 'in_app') {
        await db.transaction(async (tx) => {
          // The lease check first: it locks the row, so a worker that lost the message adds nothing.
          const [held] = await tx
            .update(outboxMessages)
            .set({ status: 'sent', sentAt: sql`now()`, lockedBy: null, lockedUntil: null })
            .where(heldByMe(message.id))
            .returning({ id: outboxMessages.id });
          if (!held) return;
          await tx
            .insert(notifications)
            .values({
              userId: message.userId!,
              outboxMessageId: message.id,
              template,
              title: rendered.title,
              body: rendered.body,
              link: rendered.link ?? null,
              entityType: rendered.entity?.type ?? null,
              entityId: rendered.entity?.id ?? null,
              // The inbox shows when it happened, not when the worker got to it.
              createdAt: message.createdAt,
            })
            .onConflictDoNothing({ target: notifications.outboxMessageId });
        });
        return;
      }
      const idempotencyKey = String(message.id);
      if (message.channel === 'email') {
        await withTimeout(
          senders.email.send({ to: message.address!, subject: rendered.title, text: rendered.body, idempotencyKey }),
          sendTimeoutMs,
        );
      } else {
        await withTimeout(
          senders.sms.send({ to: message.address!, text: smsText(rendered, context.orgName), idempotencyKey }),
          sendTimeoutMs,
        );
      }
      if (!(await markSent(message.id))) {
        logger.warn(
          { outboxMessageId: message.id },
          'sent after the lease expired; another instance may send it again',
        );
      }
    } catch (error) {
      await markFailed(message, error, context).catch((markError) =>
        logger.error({ err: markError, outboxMessageId: message.id }, 'could not record a failed delivery'),
      );
    }
  }

  async function runOnce(): Promise<number> {
    const claimed = await claim();
    if (claimed.length === 0) return 0;
    const [timeZone, orgName, maxAttempts, retryBaseSeconds] = await Promise.all([
      settings.get('org.timeZone'),
      settings.get('org.name'),
      settings.get('notify.maxAttempts'),
      settings.get('notify.retryBaseSeconds'),
    ]);
    const context: Context = { timeZone, orgName, maxAttempts, retryBaseSeconds };
    await Promise.all(claimed.map((message) => deliver(message, context)));
    return claimed.length;
  }

  // ---------- the loop: poll, or wake up on NOTIFY ----------

  let running = false;
  let loop: Promise<void> | undefined;
  let woken = false;
  let interruptSleep: (() => void) | undefined;
  let listener: pg.PoolClient | undefined;
  let relisten: NodeJS.Timeout | undefined;
  const released = new WeakSet<pg.PoolClient>();

  function wake() {
    woken = true;
    interruptSleep?.();
  }

  function sleep(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        interruptSleep = undefined;
        woken = false;
        resolve();
      }
      interruptSleep = done;
    });
  }

  /** Gives a listening connection back exactly once and detaches our handlers from it. */
  function releaseOnce(client: pg.PoolClient, error?: Error) {
    if (released.has(client)) return;
    released.add(client);
    client.off('notification', onNotification);
    client.off('error', onListenerError);
    if (listener === client) listener = undefined;
    client.release(error);
  }

  function onNotification(notice: pg.Notification) {
    if (notice.channel === OUTBOX_CHANNEL) wake();
  }

  function onListenerError(this: pg.PoolClient, error: Error) {
    // The connection is gone: polling carries on, listening starts again shortly.
    logger.warn({ err: error }, 'outbox listener lost its connection');
    releaseOnce(this, error);
    scheduleListen();
  }

  async function listen() {
    if (!running || listener) return;
    let client: pg.PoolClient | undefined;
    try {
      client = await db.$client.connect();
      released.delete(client); // the pool hands the same client objects out again
      client.on('notification', onNotification);
      client.on('error', onListenerError);
      await client.query(`listen ${OUTBOX_CHANNEL}`);
      listener = client;
      if (!running) await unlisten();
    } catch (error) {
      logger.warn({ err: error }, 'outbox listener could not start; polling only for now');
      if (client) releaseOnce(client, error as Error);
      scheduleListen();
    }
  }

  function scheduleListen() {
    if (!running || relisten) return;
    relisten = setTimeout(() => {
      relisten = undefined;
      void listen();
    }, 5_000);
    relisten.unref();
  }

  async function unlisten() {
    const client = listener;
    listener = undefined;
    if (!client) return;
    try {
      await client.query(`unlisten ${OUTBOX_CHANNEL}`);
      releaseOnce(client);
    } catch (error) {
      releaseOnce(client, error as Error);
    }
  }

  return {
    instanceId,
    runOnce,
    start() {
      if (running) return;
      running = true;
      void listen();
      loop = (async () => {
        while (running) {
          let handled = 0;
          try {
            handled = await runOnce();
          } catch (error) {
            logger.error({ err: error }, 'outbox worker: claiming messages failed');
          }
          // A full batch suggests more are waiting: go on at once.
          if (running && handled < batchSize) await sleep(pollIntervalMs);
        }
      })();
    },
    async stop() {
      running = false;
      clearTimeout(relisten);
      relisten = undefined;
      wake();
      await loop;
      loop = undefined;
      woken = false;
      await unlisten();
    },
  };
}
