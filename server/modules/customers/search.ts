/**
 * The text a user may search a record by, kept in `search_text` (its grams are a generated,
 * GIN-indexed column). Refreshed in SQL so bulk loads and renames use the same definition.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/database.js';
import { likeEscape } from '../../lib/pagination.js';

export async function refreshCustomerSearch(tx: DbOrTx, where: SQL): Promise<void> {
  await tx.execute(sql`
    update customers c set search_text = concat_ws(' ', c.name, c.code, c.phone, c.email,
      (select string_agg(concat_ws(' ', k.name, k.phone, k.mobile), ' ') from customer_contacts k where k.customer_id = c.id))
    where ${where}`);
}

export async function refreshEquipmentSearch(tx: DbOrTx, where: SQL): Promise<void> {
  await tx.execute(sql`
    update equipment e set search_text = concat_ws(' ', e.serial_no, e.project_no, c.name, m.code, m.name)
    from customers c, product_models m
    where c.id = e.customer_id and m.id = e.model_id and ${where}`);
}

/** Conditions for a fragment search: the GIN index narrows by grams, ILIKE confirms the fragment. */
export function fragmentMatch(grams: PgColumn, text: PgColumn, fragment: string): SQL {
  return sql`(${grams} @> aftercare_query_grams(${fragment}) and ${text} ilike ${`%${likeEscape(fragment)}%`})`;
}
