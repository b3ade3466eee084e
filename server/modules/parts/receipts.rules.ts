/**
 * Receipt with acceptance inspection (验收, PRT-3), pure. Every received unit is either accepted or
 * rejected (received = accepted + rejected); a rejection needs its reason; only accepted units enter
 * good stock, so a receipt must accept at least one unit to post anything. The ledger keeps the
 * inspection result in the entry's note.
 */
export type ReceiptLine = {
  receivedQuantity: number;
  acceptedQuantity: number;
  rejectedQuantity: number;
  rejectReason?: string | null;
};

export type ReceiptProblem = { field: string; zh: string; en: string };

/** What is wrong with the lines of a receipt (field paths like `lines.0.acceptedQuantity`), or []. */
export function checkReceiptLines(lines: readonly ReceiptLine[]): ReceiptProblem[] {
  const problems: ReceiptProblem[] = [];
  lines.forEach((line, index) => {
    if (line.acceptedQuantity + line.rejectedQuantity !== line.receivedQuantity) {
      problems.push({
        field: `lines.${index}.acceptedQuantity`,
        zh: `第 ${index + 1} 行：合格数 ${line.acceptedQuantity} 加不合格数 ${line.rejectedQuantity} 应等于到货数 ${line.receivedQuantity}`,
        en: `Line ${index + 1}: accepted ${line.acceptedQuantity} plus rejected ${line.rejectedQuantity} must equal received ${line.receivedQuantity}`,
      });
    }
    if (line.rejectedQuantity > 0 && !line.rejectReason?.trim()) {
      problems.push({
        field: `lines.${index}.rejectReason`,
        zh: `第 ${index + 1} 行：有不合格品时须填写不合格原因`,
        en: `Line ${index + 1}: give the reason for the rejected units`,
      });
    }
  });
  if (problems.length === 0 && lines.every((line) => line.acceptedQuantity === 0)) {
    problems.push({
      field: 'lines',
      zh: '没有验收合格的配件，无需入库',
      en: 'No unit was accepted; there is nothing to receive into stock',
    });
  }
  return problems;
}

/** The ledger note of an accepted line: receipt number, paper reference and the inspection result. */
export function acceptanceNote(options: {
  number: string;
  reference?: string | null;
  supplierName?: string | null;
  line: ReceiptLine;
  note?: string | null;
}): string {
  const { line } = options;
  const parts = [`验收入库 ${options.number}`];
  if (options.reference) parts.push(`送货单 ${options.reference}`);
  if (options.supplierName) parts.push(`供应商 ${options.supplierName}`);
  let inspection = `到货 ${line.receivedQuantity}，合格 ${line.acceptedQuantity}`;
  if (line.rejectedQuantity > 0) inspection += `，不合格 ${line.rejectedQuantity}（${line.rejectReason?.trim()}）`;
  parts.push(inspection);
  if (options.note) parts.push(options.note);
  return parts.join('；');
}
