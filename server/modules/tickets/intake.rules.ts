/**
 * Intake checks (TKT-1, TKT-7): the time a request was received may be set later by the agent who
 * recorded a call, but never in the future and at most `maxBackdateDays` back; a repeat of an earlier
 * ticket must concern the same unit, and is repaired free while the unit is in warranty. Pure: "now"
 * is a parameter.
 */
import { invalidField } from '../../lib/app-error.js';
import type { WarrantyStatus } from '../customers/warranty.rules.js';

/** How far back a request may be dated. */
export const maxBackdateDays = 30;
/** Clock skew tolerated between the agent's device and the server. */
export const futureToleranceMs = 60_000;

export function assertReceivedAt(receivedAt: Date, now: Date): void {
  if (receivedAt.getTime() > now.getTime() + futureToleranceMs) {
    throw invalidField('receivedAt', {
      zh: '受理时间不能晚于当前时间',
      en: 'The time received cannot be in the future',
    });
  }
  if (receivedAt.getTime() < now.getTime() - maxBackdateDays * 86_400_000) {
    throw invalidField('receivedAt', {
      zh: `受理时间不能早于 ${maxBackdateDays} 天前`,
      en: `The time received cannot be more than ${maxBackdateDays} days ago`,
    });
  }
}

/** A repeat is free while the unit is (still) covered when the repeat is received. */
export function isFreeRepeat(warrantyAtReceipt: WarrantyStatus): boolean {
  return warrantyAtReceipt === 'in_warranty' || warrantyAtReceipt === 'expiring';
}

export function assertRepeatOf(input: {
  equipmentId: number | null | undefined;
  original: { equipmentId: number | null; customerId: number } | null;
  customerId: number;
}): void {
  if (!input.original) {
    throw invalidField('repeatOfTicketId', {
      zh: '所引用的原工单不存在',
      en: 'The ticket this repeats does not exist',
    });
  }
  if (!input.equipmentId || input.original.equipmentId !== input.equipmentId) {
    throw invalidField('repeatOfTicketId', {
      zh: '返修工单须与原工单为同一台设备',
      en: 'A repeat must concern the same equipment as the original ticket',
    });
  }
}

/** One line of address from the customer's parts (province city district detail). */
export function formatAddress(parts: {
  province?: string | null;
  city?: string | null;
  district?: string | null;
  addressDetail?: string | null;
}): string | null {
  const province = parts.province ?? '';
  // 北京市北京市 → 北京市: municipalities repeat the province as the city.
  const city = parts.city && parts.city !== province ? parts.city : '';
  const text = `${province}${city}${parts.district ?? ''}${parts.addressDetail ?? ''}`.trim();
  return text === '' ? null : text;
}
