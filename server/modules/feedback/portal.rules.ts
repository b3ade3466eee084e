/**
 * FBK-4 customer portal rules. Invariants: the portal reveals nothing beyond what the caller proved —
 * a ticket's milestones need its number AND the phone on it (a wrong pair answers exactly like an
 * unknown number); a portal session is a signed, short-lived token naming the customers whose phone
 * the caller verified with a one-time code (6 digits, only its hash stored, 10 minutes, 5 attempts).
 * Pure: time and secrets are parameters.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const OTP_DIGITS = 6;
export const OTP_MINUTES = 10;
export const OTP_MAX_ATTEMPTS = 5;
/** Codes one phone may be sent per hour. */
export const OTP_PER_PHONE_PER_HOUR = 3;
export const PORTAL_SESSION_MINUTES = 30;
export const PORTAL_COOKIE = 'aftercare.portal';
export const MAX_PORTAL_PHOTOS = 3;

/** Digits only; a +86 / 0086 prefix is dropped. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/[\s()-]/g, '');
  return digits.replace(/^(\+86|0086)/, '');
}

export function newOtpCode(): string {
  return String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');
}

/** The stored form of a code: keyed by the server secret and the phone, so a leaked table reveals nothing. */
export function hashOtp(code: string, phone: string, secret: string): string {
  return createHmac('sha256', secret).update(`otp:${phone}:${code}`).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export type OtpCheck = 'ok' | 'wrong' | 'expired' | 'exhausted' | 'used';

/** Whether a submitted code opens the stored one. */
export function checkOtp(
  stored: { codeHash: string; expiresAt: Date; attempts: number; usedAt: Date | null },
  submittedHash: string,
  now: Date,
): OtpCheck {
  if (stored.usedAt) return 'used';
  if (stored.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (stored.attempts >= OTP_MAX_ATTEMPTS) return 'exhausted';
  return sameHash(stored.codeHash, submittedHash) ? 'ok' : 'wrong';
}

export type PortalSession = { customerIds: number[]; phone: string; expiresAt: number };

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const sign = (body: string, secret: string) =>
  createHmac('sha256', secret).update(`portal:${body}`).digest('base64url');

export function signPortalSession(session: PortalSession, secret: string): string {
  const body = base64url(JSON.stringify(session));
  return `${body}.${sign(body, secret)}`;
}

/** The session of a token, or null when it is forged, malformed or expired. */
export function readPortalSession(token: string | undefined, secret: string, now: Date): PortalSession | null {
  if (!token) return null;
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = sign(body, secret);
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  try {
    const session = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PortalSession;
    if (!Array.isArray(session.customerIds) || typeof session.expiresAt !== 'number') return null;
    if (session.expiresAt <= now.getTime()) return null;
    return session;
  } catch {
    return null;
  }
}

export type MilestoneKey = 'received' | 'engineer_assigned' | 'on_site' | 'resolved' | 'closed' | 'cancelled';
export type Milestone = { key: MilestoneKey; at: Date | null; done: boolean };

export type TrackingFacts = {
  status: string;
  receivedAt: Date;
  assignedAt: Date | null;
  arrivedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  serviceMode: string | null;
};

/**
 * The customer's milestones: received → engineer assigned → on site (on-site work only) → resolved
 * (→ closed). A cancelled request shows received and cancelled.
 */
export function milestonesOf(facts: TrackingFacts): Milestone[] {
  if (facts.status === 'cancelled') {
    return [
      { key: 'received', at: facts.receivedAt, done: true },
      { key: 'cancelled', at: null, done: true },
    ];
  }
  const milestones: Milestone[] = [
    { key: 'received', at: facts.receivedAt, done: true },
    { key: 'engineer_assigned', at: facts.assignedAt, done: facts.assignedAt !== null },
  ];
  if (facts.serviceMode === 'on_site' || facts.arrivedAt) {
    milestones.push({ key: 'on_site', at: facts.arrivedAt, done: facts.arrivedAt !== null });
  }
  const resolved = facts.resolvedAt ?? (facts.status === 'closed' ? facts.closedAt : null);
  milestones.push({ key: 'resolved', at: resolved, done: resolved !== null || facts.status === 'closed' });
  if (facts.status === 'closed') milestones.push({ key: 'closed', at: facts.closedAt, done: true });
  return milestones;
}
