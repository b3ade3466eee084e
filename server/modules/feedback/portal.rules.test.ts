import { describe, expect, it } from 'vitest';
import {
  checkOtp,
  hashOtp,
  milestonesOf,
  newOtpCode,
  normalizePhone,
  OTP_MAX_ATTEMPTS,
  readPortalSession,
  signPortalSession,
} from './portal.rules.js';

const now = new Date('2026-03-10T02:00:00Z');

describe('one-time codes', () => {
  it('are 6 digits and stored as a keyed hash', () => {
    for (let i = 0; i < 50; i++) expect(newOtpCode()).toMatch(/^\d{6}$/);
    const hash = hashOtp('123456', '13911112222', 'secret');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(hashOtp('123456', '13911112223', 'secret'));
    expect(hash).not.toBe(hashOtp('123456', '13911112222', 'other'));
  });
  it('open once, within 10 minutes, for 5 attempts', () => {
    const stored = {
      codeHash: hashOtp('123456', 'p', 's'),
      expiresAt: new Date(now.getTime() + 600_000),
      attempts: 0,
      usedAt: null,
    };
    expect(checkOtp(stored, hashOtp('123456', 'p', 's'), now)).toBe('ok');
    expect(checkOtp(stored, hashOtp('654321', 'p', 's'), now)).toBe('wrong');
    expect(checkOtp({ ...stored, attempts: OTP_MAX_ATTEMPTS }, hashOtp('123456', 'p', 's'), now)).toBe('exhausted');
    expect(checkOtp({ ...stored, usedAt: now }, hashOtp('123456', 'p', 's'), now)).toBe('used');
    expect(checkOtp(stored, hashOtp('123456', 'p', 's'), new Date(now.getTime() + 600_000))).toBe('expired');
  });
});

describe('portal sessions', () => {
  const session = { customerIds: [7], phone: '13911112222', expiresAt: now.getTime() + 1_800_000 };
  it('round-trip when signed with the same secret and not expired', () => {
    const token = signPortalSession(session, 'k');
    expect(readPortalSession(token, 'k', now)).toEqual(session);
    expect(readPortalSession(token, 'other', now)).toBeNull();
    expect(readPortalSession(token, 'k', new Date(session.expiresAt))).toBeNull();
  });
  it('refuse a changed body (another customer) or garbage', () => {
    const token = signPortalSession(session, 'k');
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...session, customerIds: [8] })).toString('base64url')}.${signature}`;
    expect(readPortalSession(forged, 'k', now)).toBeNull();
    expect(readPortalSession('abc', 'k', now)).toBeNull();
    expect(readPortalSession(`${token}.x`, 'k', now)).toBeNull();
    expect(readPortalSession(undefined, 'k', now)).toBeNull();
  });
});

describe('milestones', () => {
  const base = {
    status: 'received',
    receivedAt: now,
    assignedAt: null,
    arrivedAt: null,
    resolvedAt: null,
    closedAt: null,
    serviceMode: null,
  };
  it('received → engineer → on site (on-site work) → resolved → closed', () => {
    expect(milestonesOf(base).map((m) => [m.key, m.done])).toEqual([
      ['received', true],
      ['engineer_assigned', false],
      ['resolved', false],
    ]);
    const onSite = milestonesOf({
      ...base,
      status: 'on_site',
      serviceMode: 'on_site',
      assignedAt: now,
      arrivedAt: now,
    });
    expect(onSite.map((m) => [m.key, m.done])).toEqual([
      ['received', true],
      ['engineer_assigned', true],
      ['on_site', true],
      ['resolved', false],
    ]);
    const closed = milestonesOf({ ...base, status: 'closed', resolvedAt: now, closedAt: now });
    expect(closed.map((m) => m.key)).toEqual(['received', 'engineer_assigned', 'resolved', 'closed']);
    expect(milestonesOf({ ...base, status: 'cancelled' }).map((m) => m.key)).toEqual(['received', 'cancelled']);
  });
  it('phones are compared without spaces or +86', () => {
    expect(normalizePhone('+86 139-1111 2222')).toBe('13911112222');
  });
});
