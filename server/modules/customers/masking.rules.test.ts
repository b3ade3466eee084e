import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phonePattern } from '../../lib/contract.js';
import { maskAddressDetail, maskEmail, maskPhone } from './masking.rules.js';

const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['19900001111', '199****1111'],
    ['010-12345678', '010-****5678'],
    ['021-87654321', '021-****4321'],
    ['0755-1234567', '0755-***4567'],
    ['0571-88886666', '0571-****6666'],
    ['400-123-4567', '400-****4567'],
    ['01012345678', '010****5678'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each([
    [null, null],
    [undefined, null],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it.each([
    ['12345', '***45'],
    ['123456', '****56'],
    ['1234567', '***4567'],
    ['123', '*23'],
  ])('short value %s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each(['1', '12', '123', '1234', '12345'])('never shows a short value %s in full', (phone) => {
    const masked = maskPhone(phone)!;
    expect(masked).toContain('*');
    expect(masked.replace(/\*/g, '')).not.toBe(phone);
  });

  it('keeps the first 3 and last 4 digits of every mainland mobile and hides the 4 in between', () => {
    fc.assert(
      fc.property(fc.constantFrom('3', '5', '7', '8', '9'), digits(9), (second, rest) => {
        const mobile = `1${second}${rest}`;
        expect(maskPhone(mobile)).toBe(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
      }),
    );
  });

  it('keeps the area code and last 4 digits of every fixed line, with at least 3 digits hidden', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('010', '021', '0755', '0571', '0311'),
        fc.integer({ min: 7, max: 8 }).chain((length) => digits(length)),
        (area, number) => {
          const phone = `${area}-${number}`;
          expect(phone).toMatch(phonePattern);
          const masked = maskPhone(phone)!;
          expect(masked.startsWith(`${area}-`)).toBe(true);
          expect(masked.endsWith(number.slice(-4))).toBe(true);
          expect(masked.length).toBe(phone.length);
          expect(masked.slice(area.length + 1, -4)).toMatch(/^\*{3,}$/);
        },
      ),
    );
  });

  it('masks every valid phone number: the result differs and has the same length', () => {
    const anyPhone = fc.oneof(
      fc.tuple(fc.constantFrom('13', '15', '18', '19'), digits(9)).map(([a, b]) => a + b),
      fc.tuple(fc.constantFrom('010-', '0755-', '020'), digits(8)).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(anyPhone, (phone) => {
        const masked = maskPhone(phone)!;
        expect(masked).not.toBe(phone);
        expect(masked.length).toBe(phone.length);
        expect(masked).toContain('****');
      }),
    );
  });
});

describe('maskEmail', () => {
  it.each([
    ['zhang.wei@example.com', 'z***@example.com'],
    ['a@b.cn', 'a***@b.cn'],
    ['service@售后.中国', 's***@售后.中国'],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it.each([
    ['@example.com', '****'],
    ['not-an-email', '****'],
    ['', ''],
    [null, null],
    [undefined, null],
  ])('%j → %j', (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });

  it('never shows the local part beyond its first character', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const masked = maskEmail(email)!;
        const local = email.slice(0, email.indexOf('@'));
        expect(masked).toBe(`${local[0]}***${email.slice(email.indexOf('@'))}`);
      }),
    );
  });
});

describe('maskAddressDetail', () => {
  it.each([
    ['文三路 100 号', '****'],
    ['酒仙桥路10号院3号楼502室', '****'],
    ['x', '****'],
    ['', ''],
    [null, null],
    [undefined, null],
  ])('%j → %j', (input, expected) => {
    expect(maskAddressDetail(input)).toBe(expected);
  });
});
