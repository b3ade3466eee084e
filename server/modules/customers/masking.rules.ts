/**
 * PPL-4 masking: phone numbers keep their first 3 and last 4 digits (138****5678; fixed lines keep
 * the area code: 010-****5678); an address is shown down to the district, the street detail hidden.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const dash = phone.indexOf('-');
  if (dash > 0 && dash <= 4) {
    const rest = phone.slice(dash + 1);
    return `${phone.slice(0, dash)}-${maskDigits(rest)}`;
  }
  return maskDigits(phone);
}

function maskDigits(value: string): string {
  if (value.length >= 11) return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
  if (value.length >= 7) return `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
  if (value.length <= 2) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - 2)}${value.slice(-2)}`;
}

export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return email ?? null;
  const at = email.indexOf('@');
  if (at <= 0) return '****';
  return `${email[0]}***${email.slice(at)}`;
}

/** The street-level part of an address is replaced; province, city and district stay. */
export function maskAddressDetail(detail: string | null | undefined): string | null {
  return detail ? '****' : (detail ?? null);
}

const maskers: Record<string, (value: string) => string | null> = {
  phone: maskPhone,
  mobile: maskPhone,
  email: maskEmail,
  addressDetail: maskAddressDetail,
};

/** Masks personal fields wherever they appear in a record snapshot (audit before/after, contacts lists). */
export function maskPersonalFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalFields);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      typeof field === 'string' && maskers[key] ? maskers[key](field) : maskPersonalFields(field),
    ]),
  );
}
