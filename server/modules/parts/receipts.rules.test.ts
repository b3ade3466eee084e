import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptanceNote, checkReceiptLines } from './receipts.rules.js';

describe('checkReceiptLines', () => {
  it('accepts lines where every received unit is accepted or rejected with a reason', () => {
    expect(
      checkReceiptLines([
        { receivedQuantity: 10, acceptedQuantity: 8, rejectedQuantity: 2, rejectReason: '外壳破损' },
        { receivedQuantity: 3, acceptedQuantity: 3, rejectedQuantity: 0 },
      ]),
    ).toEqual([]);
  });

  it('names the line and field that is wrong', () => {
    const problems = checkReceiptLines([
      { receivedQuantity: 3, acceptedQuantity: 3, rejectedQuantity: 0 },
      { receivedQuantity: 5, acceptedQuantity: 3, rejectedQuantity: 1, rejectReason: '坏' },
      { receivedQuantity: 2, acceptedQuantity: 1, rejectedQuantity: 1, rejectReason: '  ' },
    ]);
    expect(problems.map((p) => p.field)).toEqual(['lines.1.acceptedQuantity', 'lines.2.rejectReason']);
    expect(problems[0].zh).toContain('第 2 行');
  });

  it('refuses a receipt that accepts nothing', () => {
    expect(
      checkReceiptLines([{ receivedQuantity: 2, acceptedQuantity: 0, rejectedQuantity: 2, rejectReason: '型号不符' }]),
    ).toEqual([expect.objectContaining({ field: 'lines' })]);
  });

  it('is satisfied exactly when accepted + rejected = received, with reasons, and something is accepted', () => {
    const line = fc.record({
      receivedQuantity: fc.integer({ min: 1, max: 20 }),
      acceptedQuantity: fc.integer({ min: 0, max: 20 }),
      rejectedQuantity: fc.integer({ min: 0, max: 20 }),
      rejectReason: fc.constantFrom(null, '', '破损'),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const valid =
          lines.every(
            (l) =>
              l.acceptedQuantity + l.rejectedQuantity === l.receivedQuantity &&
              (l.rejectedQuantity === 0 || !!l.rejectReason),
          ) && lines.some((l) => l.acceptedQuantity > 0);
        expect(checkReceiptLines(lines).length === 0).toBe(valid);
      }),
    );
  });
});

describe('acceptanceNote', () => {
  it('keeps the receipt number, delivery note, supplier and inspection result', () => {
    expect(
      acceptanceNote({
        number: 'RK260401',
        reference: 'SO-88',
        supplierName: '西门子',
        line: { receivedQuantity: 10, acceptedQuantity: 8, rejectedQuantity: 2, rejectReason: '外壳破损' },
      }),
    ).toBe('验收入库 RK260401；送货单 SO-88；供应商 西门子；到货 10，合格 8，不合格 2（外壳破损）');
  });
});
