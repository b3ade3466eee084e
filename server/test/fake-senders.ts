/** In-memory email and SMS senders for tests: record what was sent, fail or hang on request. */
import type { EmailMessage, Senders, SmsMessage } from '../modules/notify/senders.js';

export type FakeSender<M> = {
  /** Every call, including failed ones. */
  attempts: M[];
  /** Messages sent successfully. */
  sent: M[];
  /** The next `times` sends fail with `error`. */
  failNext(times: number, error?: Error): void;
  /** The next send never answers (a crashed process) until `release()`. */
  hangNext(): void;
  release(): void;
  send(message: M): Promise<void>;
};

function createFakeSender<M>(): FakeSender<M> {
  let failures = 0;
  let failure = new Error('connection refused');
  let hang = false;
  let releaseHung: (() => void) | undefined;
  return {
    attempts: [],
    sent: [],
    failNext(times, error) {
      failures = times;
      if (error) failure = error;
    },
    hangNext() {
      hang = true;
    },
    release() {
      releaseHung?.();
    },
    async send(message) {
      this.attempts.push(message);
      if (hang) {
        hang = false;
        await new Promise<void>((resolve) => {
          releaseHung = resolve;
        });
        this.sent.push(message);
        return;
      }
      if (failures > 0) {
        failures--;
        throw failure;
      }
      this.sent.push(message);
    },
  };
}

export type FakeSenders = Senders & { email: FakeSender<EmailMessage>; sms: FakeSender<SmsMessage> };

export function createFakeSenders(): FakeSenders {
  return { email: createFakeSender<EmailMessage>(), sms: createFakeSender<SmsMessage>() };
}
