/**
 * Hot statements written with drizzle's `sql` as named prepared statements, named after their text:
 * each distinct statement is parsed and planned once per connection (drizzle's `.prepare()` covers
 * the query builder; this covers raw SQL). The text must not vary with the values.
 */
import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';

const dialect = new PgDialect();

export function runPrepared<T extends pg.QueryResultRow>(client: pg.Pool | pg.PoolClient, query: SQL) {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = `q_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
  return client.query<T>({ name, text, values: params });
}
