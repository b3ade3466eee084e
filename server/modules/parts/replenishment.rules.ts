/**
 * Reorder suggestions (PRT-5, 000 七(一) 配件采购计划), pure. Per station warehouse and part:
 * `available = on hand − reserved + on order` (open purchase request lines not yet received);
 * consumption over the last `lookbackDays` gives a daily rate and the cover in days. A part is
 * suggested when available ≤ its reorder point, or when the cover is shorter than the supplier's lead
 * time (a part with reorder point 0 that is not used here is not kept here and never suggested).
 * The quantity brings available above the reorder point plus what is expected to be used during
 * the lead time, never less than the usual order quantity:
 * `quantity = ceil(max(reorder quantity, reorder point + 1 − available + daily × lead time))`.
 * Invariant: once the suggested quantity is on order, the same part is no longer suggested.
 */

export type ReorderInput = {
  onHand: number;
  reserved: number;
  /** Ordered on open purchase requests and not yet received. */
  onOrder: number;
  reorderPoint: number;
  reorderQuantity: number;
  /** Net units used (issued + mailed − returned) over the lookback window. */
  consumed: number;
  lookbackDays: number;
  leadTimeDays: number;
};

export type ReorderReason = { code: 'at_reorder_point' | 'short_cover' | 'quantity'; zh: string; en: string };

export type ReorderSuggestion = {
  available: number;
  dailyConsumption: number;
  /** Days the available stock lasts at the daily rate; null when nothing is used. */
  coverDays: number | null;
  expectedDuringLeadTime: number;
  quantity: number;
  reasons: ReorderReason[];
};

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The suggestion for one part and warehouse, or null when nothing needs ordering. */
export function suggestReorder(input: ReorderInput): ReorderSuggestion | null {
  const available = input.onHand - input.reserved + input.onOrder;
  const consumed = Math.max(0, input.consumed);
  const lookbackDays = Math.max(1, input.lookbackDays);
  const leadTimeDays = Math.max(0, input.leadTimeDays);
  const dailyConsumption = consumed / lookbackDays;
  const coverDays = dailyConsumption > 0 ? Math.max(0, available) / dailyConsumption : null;
  const expectedDuringLeadTime = dailyConsumption * leadTimeDays;

  // A reorder point of 0 means "not kept here" unless the part is actually used here: otherwise every
  // catalogue part without stock would be suggested for every warehouse.
  const keptHere = input.reorderPoint > 0 || consumed > 0;
  const atReorderPoint = keptHere && available <= input.reorderPoint;
  const shortCover = coverDays !== null && coverDays < leadTimeDays;
  if (!atReorderPoint && !shortCover) return null;

  const needed = input.reorderPoint + 1 - available + expectedDuringLeadTime;
  // Guard against binary fractions (0.1 × 30 = 3.0000000000000004) before rounding up.
  const quantity = Math.max(input.reorderQuantity, Math.ceil(Math.round(needed * 1e6) / 1e6), 0);
  if (quantity <= 0) return null;

  const availableText = {
    zh: `可用 ${available}（在库 ${input.onHand} − 预留 ${input.reserved} + 在途 ${input.onOrder}）`,
    en: `available ${available} (on hand ${input.onHand} − reserved ${input.reserved} + on order ${input.onOrder})`,
  };
  const reasons: ReorderReason[] = [];
  if (atReorderPoint) {
    reasons.push({
      code: 'at_reorder_point',
      zh: `${availableText.zh}，已不高于订货点 ${input.reorderPoint}`,
      en: `${capitalise(availableText.en)} is at or below the reorder point ${input.reorderPoint}`,
    });
  }
  if (shortCover && coverDays !== null) {
    reasons.push({
      code: 'short_cover',
      zh: `近 ${lookbackDays} 天消耗 ${consumed}（日均 ${round1(dailyConsumption)}），可用量约够 ${round1(coverDays)} 天，短于采购周期 ${leadTimeDays} 天`,
      en: `Used ${consumed} in the last ${lookbackDays} days (${round1(dailyConsumption)} a day): available stock lasts about ${round1(coverDays)} days, less than the ${leadTimeDays}-day lead time`,
    });
  }
  const expected = round1(expectedDuringLeadTime);
  reasons.push({
    code: 'quantity',
    zh:
      quantity === input.reorderQuantity && input.reorderQuantity >= needed
        ? `建议采购 ${quantity}：按常用订货批量 ${input.reorderQuantity}（已足够补到订货点以上并覆盖采购周期内预计消耗 ${expected}）`
        : `建议采购 ${quantity}：补到订货点 ${input.reorderPoint} 以上（${input.reorderPoint} + 1 − ${available}）并覆盖采购周期 ${leadTimeDays} 天内预计消耗 ${expected}，向上取整`,
    en:
      quantity === input.reorderQuantity && input.reorderQuantity >= needed
        ? `Order ${quantity}: the usual order quantity ${input.reorderQuantity} (enough to get above the reorder point and cover the ${expected} expected during the lead time)`
        : `Order ${quantity}: back above the reorder point ${input.reorderPoint} (${input.reorderPoint} + 1 − ${available}) plus the ${expected} expected during the ${leadTimeDays}-day lead time, rounded up`,
  });
  return {
    available,
    dailyConsumption,
    coverDays,
    expectedDuringLeadTime,
    quantity,
    reasons,
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
