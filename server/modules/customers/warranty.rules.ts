/**
 * ORG-6 warranty: a unit is covered from its acceptance date (or, before acceptance, its delivery
 * date, then its purchase date) for the model's warranty length in months (or the unit's own
 * override); an active contract that extends warranty covers it at least until the contract ends.
 * The warranty end is the last covered day: start + N months − 1 day (month ends are clamped, so
 * 2024-01-31 + 1 month is 2024-02-29). Dates are ISO `yyyy-mm-dd` strings; "today" is a parameter.
 */

export type WarrantyBasis = 'acceptance' | 'delivery' | 'purchase' | 'contract' | 'none';
export type WarrantyStatus = 'in_warranty' | 'expiring' | 'expired' | 'unknown';

export type WarrantyInput = {
  acceptanceDate?: string | null;
  deliveryDate?: string | null;
  purchaseDate?: string | null;
  modelWarrantyMonths: number;
  warrantyMonthsOverride?: number | null;
  contracts?: { endsOn: string; extendsWarranty: boolean; status: 'draft' | 'active' | 'terminated' }[];
};

function parse(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const format = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function addMonths(date: string, months: number): string {
  const { y, m, d } = parse(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

export function addDays(date: string, days: number): string {
  const { y, m, d } = parse(date);
  const result = new Date(Date.UTC(y, m - 1, d + days));
  return format(result.getUTCFullYear(), result.getUTCMonth() + 1, result.getUTCDate());
}

export function computeWarrantyEnd(input: WarrantyInput): { end: string | null; basis: WarrantyBasis } {
  const start = input.acceptanceDate ?? input.deliveryDate ?? input.purchaseDate ?? null;
  const basis: WarrantyBasis = input.acceptanceDate
    ? 'acceptance'
    : input.deliveryDate
      ? 'delivery'
      : input.purchaseDate
        ? 'purchase'
        : 'none';
  const months = input.warrantyMonthsOverride ?? input.modelWarrantyMonths;
  let end = start ? (months > 0 ? addDays(addMonths(start, months), -1) : addDays(start, -1)) : null;
  let endBasis: WarrantyBasis = basis;
  for (const contract of input.contracts ?? []) {
    if (contract.status !== 'active' || !contract.extendsWarranty) continue;
    if (end === null || contract.endsOn > end) {
      end = contract.endsOn;
      endBasis = 'contract';
    }
  }
  return { end, basis: end === null ? 'none' : endBasis };
}

export function warrantyStatus(end: string | null, today: string, expiringSoonDays: number): WarrantyStatus {
  if (!end) return 'unknown';
  if (end < today) return 'expired';
  return end <= addDays(today, expiringSoonDays) ? 'expiring' : 'in_warranty';
}
