/**
 * Multi-row inserts with one parameter: the rows travel as a JSON array and
 * `jsonb_populate_recordset` types every field by the table's own row type, so a batch of any size
 * is one statement with no per-column casts. `select` may add computed columns over the rows
 * (alias `t`, the table's columns by their SQL names).
 */
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/** `insert into <table> (…) select … from jsonb_populate_recordset(null::<table>, $1) t`, rows by property name. */
export function insertRows<T extends PgTable>(
  table: T,
  rows: Partial<T['$inferInsert']>[],
  computed: Record<string, SQL> = {},
): SQL {
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0] ?? {}).filter((key) => key in columns);
  const names = keys.map((key) => columns[key].name);
  const json = rows.map((row) => {
    const record: Record<string, unknown> = {};
    keys.forEach((key, index) => {
      const value = (row as Record<string, unknown>)[key];
      record[names[index]] = value === undefined ? null : value;
    });
    return record;
  });
  const target = sql.identifier(getTableName(table));
  const computedNames = Object.keys(computed).map((name) => columns[name]?.name ?? name);
  const list = sql.join(
    [...names, ...computedNames].map((name) => sql.identifier(name)),
    sql`, `,
  );
  const values = sql.join(
    [...names.map((name) => sql`t.${sql.identifier(name)}`), ...Object.values(computed)],
    sql`, `,
  );
  return sql`insert into ${target} (${list})
    select ${values} from jsonb_populate_recordset(null::${target}, ${JSON.stringify(json)}::jsonb) t`;
}
