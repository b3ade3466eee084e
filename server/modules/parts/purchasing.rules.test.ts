import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReceipt, outstanding, purchaseActionRefusal } from './purchasing.rules.js';

const lines = [
  { id: 1, quantity: 10, receivedQuantity: 0, rejectedQuantity: 0 },
  { id: 2, quantity: 4, receivedQuantity: 0, rejectedQuantity: 0 },
];

describe('purchasing rules', () => {
  it('receives part of a request, then the rest', () => {
    const first = applyReceipt(lines, [{ lineId: 1, receivedQuantity: 6, acceptedQuantity: 5, rejectedQuantity: 1 }]);
    expect(first.ok && first.status).toBe('partially_received');
    if (!first.ok) throw new Error('expected ok');
    expect(first.lines[0]).toEqual({ id: 1, quantity: 10, receivedQuantity: 5, rejectedQuantity: 1 });
    expect(outstanding(first.lines[0])).toBe(5); // the rejected unit is still owed
    const second = applyReceipt(first.lines, [
      { lineId: 1, receivedQuantity: 5, acceptedQuantity: 5, rejectedQuantity: 0 },
      { lineId: 2, receivedQuantity: 4, acceptedQuantity: 4, rejectedQuantity: 0 },
    ]);
    expect(second.ok && second.status).toBe('received');
  });

  it('refuses receiving more than is outstanding, naming the line', () => {
    expect(applyReceipt(lines, [{ lineId: 2, receivedQuantity: 5, acceptedQuantity: 5, rejectedQuantity: 0 }])).toEqual(
      {
        ok: false,
        kind: 'over_receipt',
        index: 0,
        lineId: 2,
        outstanding: 4,
        received: 5,
      },
    );
  });

  it('refuses unknown and repeated lines and a received ≠ accepted + rejected split', () => {
    expect(
      applyReceipt(lines, [{ lineId: 9, receivedQuantity: 1, acceptedQuantity: 1, rejectedQuantity: 0 }]),
    ).toMatchObject({
      kind: 'unknown_line',
    });
    const once = { lineId: 1, receivedQuantity: 1, acceptedQuantity: 1, rejectedQuantity: 0 };
    expect(applyReceipt(lines, [once, once])).toMatchObject({ kind: 'duplicate_line', index: 1 });
    expect(
      applyReceipt(lines, [{ lineId: 1, receivedQuantity: 3, acceptedQuantity: 1, rejectedQuantity: 1 }]),
    ).toMatchObject({
      kind: 'split_mismatch',
    });
  });

  it('allows receipts only against approved or partially received requests', () => {
    expect(purchaseActionRefusal('approved', 'receive')).toBeNull();
    expect(purchaseActionRefusal('partially_received', 'receive')).toBeNull();
    for (const status of ['draft', 'submitted', 'rejected', 'received', 'closed'] as const) {
      expect(purchaseActionRefusal(status, 'receive')).not.toBeNull();
    }
    expect(purchaseActionRefusal('closed', 'receive')?.zh).toBe('采购计划已关闭，不能收货');
    expect(purchaseActionRefusal('rejected', 'receive')?.en).toBe(
      'The purchase request is rejected; you cannot receive goods against it',
    );
  });

  it('never accepts more than ordered, whatever the deliveries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ accepted: fc.integer({ min: 0, max: 8 }), rejected: fc.integer({ min: 0, max: 3 }) }), {
          maxLength: 10,
        }),
        (deliveries) => {
          let current = [{ id: 1, quantity: 12, receivedQuantity: 0, rejectedQuantity: 0 }];
          for (const d of deliveries) {
            const result = applyReceipt(current, [
              {
                lineId: 1,
                receivedQuantity: d.accepted + d.rejected,
                acceptedQuantity: d.accepted,
                rejectedQuantity: d.rejected,
              },
            ]);
            if (result.ok) {
              current = result.lines;
              expect(result.status === 'received').toBe(current[0].receivedQuantity === 12);
            } else expect(d.accepted + d.rejected).toBeGreaterThan(outstanding(current[0]));
            expect(current[0].receivedQuantity).toBeLessThanOrEqual(12);
          }
        },
      ),
    );
  });
});
