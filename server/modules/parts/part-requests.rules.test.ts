import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canApplyRequestAction,
  customerCharge,
  defaultChargeKind,
  dispositionSteps,
  faultyActionRefusal,
  faultyReturnDueAt,
  inspectionProblems,
  isFaultyReturnOverdue,
  owesFaultyReturn,
  partRequestActions,
  partRequestStatusValues,
  requestActionRefusal,
  settleConsumption,
  ticketTakesParts,
} from './part-requests.rules.js';

describe('part request transitions', () => {
  it('allows exactly the edges of the lifecycle', () => {
    const allowed = partRequestStatusValues.flatMap((status) =>
      partRequestActions.filter((action) => canApplyRequestAction(status, action)).map((a) => `${status}:${a}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'requested:reserve',
        'requested:issue',
        'requested:cancel',
        'reserved:issue',
        'reserved:cancel',
        'issued:consume',
        'issued:return',
      ].sort(),
    );
  });

  it('explains a refused action in both languages', () => {
    expect(requestActionRefusal('issued', 'cancel')).toEqual({
      zh: '配件申请已出库，不能取消',
      en: 'Cannot cancel a part request that is issued',
    });
    expect(requestActionRefusal('requested', 'reserve')).toBeNull();
  });

  it('takes no parts on closed or cancelled tickets', () => {
    expect(ticketTakesParts('in_progress')).toBe(true);
    expect(ticketTakesParts('resolved')).toBe(true);
    expect(ticketTakesParts('closed')).toBe(false);
    expect(ticketTakesParts('cancelled')).toBe(false);
  });
});

describe('default charge kind (三包件 / 客户购买件)', () => {
  const base = { warrantyEnd: null, ticketWarrantyStatus: 'unknown' as const, isFreeRepeat: false };
  it.each([
    [{ ...base, warrantyEnd: '2026-05-01' }, '2026-05-01', 'warranty'],
    [{ ...base, warrantyEnd: '2026-04-30' }, '2026-05-01', 'customer_bought'],
    // The equipment's end decides over the snapshot at receipt.
    [
      { ...base, warrantyEnd: '2026-04-30', ticketWarrantyStatus: 'in_warranty' as const },
      '2026-05-01',
      'customer_bought',
    ],
    [{ ...base, ticketWarrantyStatus: 'in_warranty' as const }, '2026-05-01', 'warranty'],
    [{ ...base, ticketWarrantyStatus: 'expiring' as const }, '2026-05-01', 'warranty'],
    [{ ...base, ticketWarrantyStatus: 'expired' as const }, '2026-05-01', 'customer_bought'],
    [base, '2026-05-01', 'customer_bought'],
    // A repeat of a repaired fault within warranty is free (TKT-7).
    [{ ...base, warrantyEnd: '2020-01-01', isFreeRepeat: true }, '2026-05-01', 'warranty'],
  ])('%o on %s → %s', (facts, today, expected) => {
    expect(defaultChargeKind(facts, today)).toBe(expected);
  });
});

describe('consumption', () => {
  it('defaults the returned quantity to what was not consumed', () => {
    expect(settleConsumption({ issuedQuantity: 2, consumedQuantity: 1 })).toEqual({
      ok: true,
      consumed: 1,
      returned: 1,
      status: 'consumed',
    });
    expect(settleConsumption({ issuedQuantity: 2, consumedQuantity: 0 })).toMatchObject({ status: 'returned' });
  });

  it('names the field when the numbers do not add up', () => {
    expect(settleConsumption({ issuedQuantity: 2, consumedQuantity: 3 })).toMatchObject({
      ok: false,
      problem: { field: 'consumedQuantity' },
    });
    expect(settleConsumption({ issuedQuantity: 3, consumedQuantity: 1, returnedQuantity: 1 })).toMatchObject({
      ok: false,
      problem: { field: 'returnedQuantity' },
    });
  });

  it('accounts for every issued unit exactly once (property)', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(60), fc.option(fc.nat(60)), (issued, consumed, returned) => {
        const result = settleConsumption({
          issuedQuantity: issued,
          consumedQuantity: consumed,
          returnedQuantity: returned,
        });
        if (result.ok) {
          expect(result.consumed + result.returned).toBe(issued);
          expect(result.consumed).toBeGreaterThanOrEqual(0);
          expect(result.returned).toBeGreaterThanOrEqual(0);
        } else {
          expect(consumed > issued || consumed + (returned ?? issued - consumed) !== issued).toBe(true);
        }
      }),
    );
  });
});

describe('faulty-part returns (PRT-6)', () => {
  it('is owed for consumed warranty parts that replaced a faulty one', () => {
    const part = { chargeKind: 'warranty' as const, consumedQuantity: 1, category: 'electrical' };
    expect(owesFaultyReturn(part)).toBe(true);
    expect(owesFaultyReturn({ ...part, chargeKind: 'customer_bought' })).toBe(false);
    expect(owesFaultyReturn({ ...part, consumedQuantity: 0 })).toBe(false);
    expect(owesFaultyReturn({ ...part, category: 'consumable' })).toBe(false);
    expect(owesFaultyReturn({ ...part, category: 'consumable', replacedFaulty: true })).toBe(true);
    expect(owesFaultyReturn({ ...part, replacedFaulty: false })).toBe(false);
  });

  it('is due the configured hours after the engineer is back, and overdue only while due', () => {
    const back = new Date('2026-04-07T09:30:00Z');
    const due = faultyReturnDueAt(back, 16);
    expect(due.toISOString()).toBe('2026-04-08T01:30:00.000Z');
    expect(isFaultyReturnOverdue({ status: 'due', dueAt: due }, new Date('2026-04-08T01:30:00Z'))).toBe(false);
    expect(isFaultyReturnOverdue({ status: 'due', dueAt: due }, new Date('2026-04-08T01:30:01Z'))).toBe(true);
    expect(isFaultyReturnOverdue({ status: 'received', dueAt: due }, new Date('2026-04-09T00:00:00Z'))).toBe(false);
  });

  it('moves due → received → inspected (correctable) → closed', () => {
    expect(faultyActionRefusal('due', 'receive')).toBeNull();
    expect(faultyActionRefusal('received', 'inspect')).toBeNull();
    expect(faultyActionRefusal('inspected', 'inspect')).toBeNull();
    expect(faultyActionRefusal('inspected', 'close')).toBeNull();
    expect(faultyActionRefusal('due', 'inspect')).not.toBeNull();
    expect(faultyActionRefusal('received', 'close')).not.toBeNull();
    expect(faultyActionRefusal('closed', 'receive')?.zh).toBe('旧件返还单已关闭，不能入库');
  });

  it('checks responsibility against money and supplier, naming each field', () => {
    expect(inspectionProblems({ responsibility: 'ours', disposition: 'scrap' })).toEqual([]);
    expect(
      inspectionProblems({ responsibility: 'ours', disposition: 'scrap', chargeFen: 100 }).map((p) => p.field),
    ).toEqual(['chargeFen']);
    expect(inspectionProblems({ responsibility: 'customer', disposition: 'repair' }).map((p) => p.field)).toEqual([
      'chargeFen',
    ]);
    expect(inspectionProblems({ responsibility: 'customer', disposition: 'repair', chargeFen: 5000 })).toEqual([]);
    expect(
      inspectionProblems({ responsibility: 'supplier', disposition: 'return_to_supplier' }).map((p) => p.field),
    ).toEqual(['supplierId']);
    expect(
      inspectionProblems({ responsibility: 'ours', disposition: 'return_to_supplier' }).map((p) => p.field),
    ).toEqual(['supplierId']);
    expect(inspectionProblems({ responsibility: 'supplier', disposition: 'scrap', supplierId: 3 })).toEqual([]);
    expect(customerCharge('customer', 5000)).toBe(5000);
    expect(customerCharge('ours', 5000)).toBe(0);
    expect(customerCharge('supplier', 5000)).toBe(0);
  });

  it('carries out a disposition so that defective stock empties and repaired parts return to good stock', () => {
    expect(dispositionSteps('scrap', 2)).toEqual([{ kind: 'defective_out', condition: 'defective', quantity: -2 }]);
    expect(dispositionSteps('return_to_supplier', 1)).toEqual([
      { kind: 'defective_out', condition: 'defective', quantity: -1 },
    ]);
    expect(dispositionSteps('repair', 1)).toEqual([
      { kind: 'defective_out', condition: 'defective', quantity: -1 },
      { kind: 'receipt', condition: 'good', quantity: 1 },
    ]);
    for (const disposition of ['repair', 'scrap', 'return_to_supplier'] as const) {
      const defective = dispositionSteps(disposition, 3)
        .filter((step) => step.condition === 'defective')
        .reduce((sum, step) => sum + step.quantity, 0);
      expect(defective).toBe(-3);
    }
  });
});
