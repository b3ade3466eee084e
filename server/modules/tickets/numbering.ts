/**
 * The gap-free document counter (TKT-5). One row per prefix and month in `document_counters`; the
 * caller's transaction increments it, so concurrent creations queue on the row lock and a rollback
 * gives the number back. Take the number as late as possible in the transaction: the lock is held
 * until commit.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { formatDocumentNumber, numberingPeriod } from './numbering.rules.js';

/** Each paper form is its own series [001 4.5.2]: 售后信息处理单 and 外出服务记录表 count separately. */
export type DocumentSeries =
  | 'ticket'
  | 'visit'
  | 'ncr'
  | 'stocktake'
  | 'purchase'
  | 'transfer'
  | 'receipt'
  | 'complaint';

/**
 * The next number for `prefix` (a department code) in the month of `at` in `timeZone`, e.g.
 * `nextDocumentNumber(tx, 'SC', now, 'Asia/Shanghai')` → `SC260407`. Must run inside the
 * transaction that inserts the document.
 */
export async function nextDocumentNumber(
  tx: DbOrTx,
  prefix: string,
  at: Date,
  timeZone: string,
  series: DocumentSeries = 'ticket',
): Promise<string> {
  const period = numberingPeriod(at, timeZone);
  const counter = series === 'ticket' ? prefix : `${series}:${prefix}`;
  const result = await tx.execute<{ last_value: number }>(sql`
    insert into document_counters (prefix, period, last_value) values (${counter}, ${period}, 1)
    on conflict (prefix, period) do update set last_value = document_counters.last_value + 1
    returning last_value`);
  return formatDocumentNumber(prefix, period, Number(result.rows[0].last_value));
}
