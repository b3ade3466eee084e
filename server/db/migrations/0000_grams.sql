-- Characters and character bigrams of a text, lower-cased, for fragment search that works for
-- Chinese (pg_trgm needs 3 characters; most Chinese names have 2 or 3). Whitespace separates words.
CREATE OR REPLACE FUNCTION aftercare_grams(input text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM (
    SELECT substr(s, i, 1) AS g FROM (SELECT lower(input) AS s) x, generate_series(1, length(s)) AS i
    UNION ALL
    SELECT substr(s, i, 2) FROM (SELECT lower(input) AS s) x, generate_series(1, length(s) - 1) AS i
  ) grams
  WHERE g !~ '\s'
$$;
--> statement-breakpoint
-- The grams a search string must contain: its bigrams, or the character itself when it has one.
CREATE OR REPLACE FUNCTION aftercare_query_grams(input text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT CASE WHEN length(s) = 1 THEN ARRAY[s]
    ELSE coalesce((SELECT array_agg(DISTINCT substr(s, i, 2)) FROM generate_series(1, length(s) - 1) AS i
                   WHERE substr(s, i, 2) !~ '\s'), '{}'::text[]) END
  FROM (SELECT lower(input) AS s) x
$$;
