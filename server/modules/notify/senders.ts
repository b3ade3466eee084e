/**
 * Replaceable senders (PLT-3). The worker passes the outbox message id as `idempotencyKey` so a
 * provider that supports it can drop a duplicate (a message is delivered at least once: a send whose
 * outcome was lost with a crashed process is sent again).
 */
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import { maskPhone } from '../customers/masking.rules.js';
import type { SettingsService } from '../org/settings.service.js';

export type EmailMessage = { to: string; subject: string; text: string; idempotencyKey: string };
export type EmailSender = { send(message: EmailMessage): Promise<void> };

export type SmsMessage = { to: string; text: string; idempotencyKey: string };
export type SmsSender = { send(message: SmsMessage): Promise<void> };

export type Senders = { email: EmailSender; sms: SmsSender };

export type NotifyLogger = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

/** A failure that trying again cannot fix (no mail server configured, address refused): the message goes dead at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}

/** Sending stops waiting after this; it stays well inside the worker's lease. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * Email through the SMTP server named by the `notify.smtp*` settings; the password comes from env
 * SMTP_PASSWORD. With `notify.smtpHost` empty, email is off and every email message is dead with a
 * last error saying so (an admin can retry it from the outbox page once a server is configured).
 */
export function createSmtpEmailSender(deps: { settings: SettingsService; password?: string }): EmailSender & {
  close(): void;
} {
  const { settings, password } = deps;
  let current: { key: string; transport: ReturnType<typeof nodemailer.createTransport> } | undefined;

  async function config() {
    const [host, port, secure, user, from] = await Promise.all([
      settings.get('notify.smtpHost'),
      settings.get('notify.smtpPort'),
      settings.get('notify.smtpSecure'),
      settings.get('notify.smtpUser'),
      settings.get('notify.smtpFrom'),
    ]);
    return { host, port, secure, user, from: from || user };
  }

  return {
    async send(message) {
      const { host, port, secure, user, from } = await config();
      if (!host) {
        throw new PermanentDeliveryError(
          '邮件未开启（未设置 SMTP 服务器）/ email is off: the setting notify.smtpHost is empty',
        );
      }
      if (!from) {
        throw new PermanentDeliveryError('未设置发件人 / no sender address: set notify.smtpFrom or notify.smtpUser');
      }
      const key = JSON.stringify([host, port, secure, user]);
      if (current?.key !== key) {
        current?.transport.close();
        current = {
          key,
          transport: nodemailer.createTransport({
            host,
            port,
            secure,
            auth: user ? { user, pass: password ?? '' } : undefined,
            ...SMTP_TIMEOUTS,
          }),
        };
      }
      const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'aftercare.local';
      try {
        await current.transport.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          // The same outbox message always carries the same Message-ID, so a repeated send is recognisable.
          messageId: `<outbox-${message.idempotencyKey}@${domain}>`,
          headers: { 'X-Idempotency-Key': message.idempotencyKey },
        });
      } catch (error) {
        // 5xx replies (mailbox unknown, address refused) and unusable addresses do not get better by waiting.
        const { responseCode, code } = error as { responseCode?: number; code?: string };
        if ((responseCode && responseCode >= 500) || code === 'EENVELOPE') {
          throw new PermanentDeliveryError((error as Error).message, { cause: error });
        }
        throw error;
      }
    },
    close() {
      current?.transport.close();
      current = undefined;
    },
  };
}

/** The default SMS "provider": writes the message to the app log (number masked, PPL-4) and nowhere else. */
export function createLoggingSmsSender(logger: NotifyLogger): SmsSender {
  return {
    async send(message) {
      logger.info(
        { sms: { to: maskPhone(message.to), idempotencyKey: message.idempotencyKey } },
        `SMS (log only): ${message.text}`,
      );
    },
  };
}

export function createDefaultSenders(deps: { settings: SettingsService; logger: NotifyLogger }): Senders & {
  close(): void;
} {
  const email = createSmtpEmailSender({ settings: deps.settings, password: process.env.SMTP_PASSWORD });
  return { email, sms: createLoggingSmsSender(deps.logger), close: () => email.close() };
}
