-- Ticket search at 1 M tickets (docs/benchmarks.md, issue 3):
-- 1. aftercare_grams: the same grams as migration 0000, computed word by word (about 6 times faster:
--    106 µs instead of 627 µs for a ticket's search text), plus the 3-digit grams of every run of
--    digits, so that 4–6 digits of a phone or serial number are selective (their bigrams 40 09 96
--    are in most rows).
-- 2. aftercare_query_grams: a run of 3+ digits in the query asks for its 3-digit grams instead of
--    its bigrams.
-- 3. The stored grams are recomputed (customers, equipment, tickets).
-- 4. The tickets' GIN index also holds the station (btree_gin): a station's search is narrowed in
--    the index.
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
DROP INDEX "tickets_search_grams_idx";--> statement-breakpoint
DROP INDEX "customers_search_grams_idx";--> statement-breakpoint
DROP INDEX "equipment_search_grams_idx";--> statement-breakpoint
CREATE OR REPLACE FUNCTION aftercare_grams(input text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM regexp_split_to_table(lower(input), '\s+') AS w,
  LATERAL (
    SELECT substr(w, i, 1) AS g FROM generate_series(1, length(w)) AS i
    UNION ALL
    SELECT substr(w, i, 2) FROM generate_series(1, length(w) - 1) AS i
    UNION ALL
    SELECT substr(w, i, 3) FROM generate_series(1, CASE WHEN w ~ '[0-9]{3}' THEN length(w) - 2 ELSE 0 END) AS i
    WHERE substr(w, i, 3) ~ '^[0-9]{3}$'
  ) grams
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION aftercare_query_grams(input text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT CASE WHEN length(s) = 1 THEN ARRAY[s]
    ELSE coalesce((SELECT array_agg(DISTINCT g) FROM (
      SELECT substr(s, i, 2) AS g FROM generate_series(1, length(s) - 1) AS i
      WHERE substr(s, i, 2) !~ '\s'
        AND NOT ((i > 1 AND substr(s, i - 1, 3) ~ '^[0-9]{3}$') OR substr(s, i, 3) ~ '^[0-9]{3}$')
      UNION ALL
      SELECT substr(s, i, 3) FROM generate_series(1, length(s) - 2) AS i
      WHERE substr(s, i, 3) ~ '^[0-9]{3}$'
    ) grams), '{}'::text[]) END
  FROM (SELECT lower(input) AS s) x
$$;--> statement-breakpoint
UPDATE "customers" SET "search_text" = "search_text";--> statement-breakpoint
UPDATE "equipment" SET "search_text" = "search_text";--> statement-breakpoint
UPDATE "tickets" SET "search_text" = "search_text";--> statement-breakpoint
CREATE INDEX "customers_search_grams_idx" ON "customers" USING gin ("search_grams");--> statement-breakpoint
CREATE INDEX "equipment_search_grams_idx" ON "equipment" USING gin ("search_grams");--> statement-breakpoint
CREATE INDEX "tickets_station_search_grams_idx" ON "tickets" USING gin ("station_id","search_grams");
