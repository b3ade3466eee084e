/**
 * Parts statistics rules (PRT-7), pure: the period a report covers (whole days in the company's
 * time zone, the last 12 months by default), consumption arithmetic (net = issued − returned +
 * mailed; 三包件 and 客户购买件 net each), and station totals summed from their warehouses.
 */

/** `day` moved by whole days (calendar arithmetic on the date alone). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The report period: as asked, else from the first day of the month eleven months back to today. */
export function reportPeriod(query: { from?: string; to?: string }, today: string): { from: string; to: string } {
  const to = query.to ?? today;
  if (query.from) return { from: query.from, to };
  const [year, month] = to.split('-').map(Number);
  const start = new Date(Date.UTC(year, month - 1 - 11, 1));
  return { from: start.toISOString().slice(0, 10), to };
}

/** A signed ledger quantity (negative = out of stock) as consumption by movement kind. */
export type ConsumptionMovement = {
  kind: 'issue' | 'return' | 'mail';
  quantity: number;
  chargeKind: 'warranty' | 'customer_bought' | null;
  unitCostFen: number;
};

export type ConsumptionFigures = {
  issued: number;
  returned: number;
  mailed: number;
  net: number;
  warrantyQuantity: number;
  customerQuantity: number;
  costFen: number;
  warrantyCostFen: number;
  customerCostFen: number;
};

export const emptyFigures = (): ConsumptionFigures => ({
  issued: 0,
  returned: 0,
  mailed: 0,
  net: 0,
  warrantyQuantity: 0,
  customerQuantity: 0,
  costFen: 0,
  warrantyCostFen: 0,
  customerCostFen: 0,
});

/**
 * Consumption of a set of movements, the way the SQL of the report computes it (the unit tests
 * pin the arithmetic; the API test checks the SQL against it).
 */
export function consumptionOf(movements: ConsumptionMovement[]): ConsumptionFigures {
  const figures = emptyFigures();
  for (const m of movements) {
    const used = -m.quantity;
    if (m.kind === 'issue') figures.issued += used;
    else if (m.kind === 'return') figures.returned += m.quantity;
    else figures.mailed += used;
    figures.net += used;
    figures.costFen += used * m.unitCostFen;
    if (m.chargeKind === 'warranty') {
      figures.warrantyQuantity += used;
      figures.warrantyCostFen += used * m.unitCostFen;
    } else if (m.chargeKind === 'customer_bought') {
      figures.customerQuantity += used;
      figures.customerCostFen += used * m.unitCostFen;
    }
  }
  return figures;
}

/** Adds up figures (the totals row). */
export function sumFigures(rows: ConsumptionFigures[]): ConsumptionFigures {
  const total = emptyFigures();
  for (const row of rows) {
    for (const key of Object.keys(total) as (keyof ConsumptionFigures)[]) total[key] += row[key];
  }
  return total;
}

type WarehouseValue = {
  stationId: number;
  stationCode: string;
  stationName: string;
  onHand: number;
  reserved: number;
  valueFen: number;
  unpricedParts: number;
  defectiveOnHand: number;
};

/** Station totals of warehouse rows, in the order the stations first appear. */
export function stationTotals(rows: WarehouseValue[]) {
  const byStation = new Map<number, Omit<WarehouseValue, never> & { warehouses: number }>();
  for (const row of rows) {
    const total = byStation.get(row.stationId) ?? {
      stationId: row.stationId,
      stationCode: row.stationCode,
      stationName: row.stationName,
      warehouses: 0,
      onHand: 0,
      reserved: 0,
      valueFen: 0,
      unpricedParts: 0,
      defectiveOnHand: 0,
    };
    total.warehouses += 1;
    total.onHand += row.onHand;
    total.reserved += row.reserved;
    total.valueFen += row.valueFen;
    total.unpricedParts += row.unpricedParts;
    total.defectiveOnHand += row.defectiveOnHand;
    byStation.set(row.stationId, total);
  }
  return [...byStation.values()];
}
