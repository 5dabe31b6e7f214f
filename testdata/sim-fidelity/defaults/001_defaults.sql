CREATE EXTENSION citext;
CREATE EXTENSION "uuid-ossp";
CREATE SEQUENCE order_seq;
CREATE TYPE color AS ENUM ('red', 'green');
CREATE DOMAIN code AS text CHECK (VALUE IN ('a', 'b')) CHECK (VALUE <> '');
CREATE TABLE e (
  id uuid DEFAULT uuid_generate_v4(),
  n bigint DEFAULT nextval('order_seq'),
  d date DEFAULT now()::date,
  d2 timestamptz DEFAULT (now() + '1 day'::interval),
  ts0 timestamptz DEFAULT CURRENT_TIMESTAMP(0),
  lts timestamp DEFAULT LOCALTIMESTAMP,
  who text DEFAULT current_user,
  inf timestamptz DEFAULT 'infinity',
  ia int[] DEFAULT '{}'::int[],
  ta text[] DEFAULT ARRAY[]::text[],
  jb jsonb DEFAULT jsonb_build_object('a', 1, 'b', 'x'),
  j2 jsonb DEFAULT to_jsonb('x'::text),
  email citext CHECK (email ~* '^.+@.+$'),
  c color DEFAULT 'red'::color,
  cd code,
  a int, b int, price numeric(10,2), qty int,
  start_date date, end_date date,
  data jsonb, tags text[],
  body text,
  mood color,
  CHECK (a IS NOT DISTINCT FROM b),
  CHECK (a IN (b, 1, 2)),
  CHECK (NOT (a > 1 AND b > 1)),
  CHECK (char_length(body) BETWEEN 1 AND 10000),
  CHECK (date_part('year', start_date) > 2000),
  CHECK (jsonb_typeof(data) = 'object'),
  CHECK (price * qty < 1000000),
  CHECK (start_date <= end_date),
  CHECK (mood IN ('red')),
  CHECK (coalesce(array_length(tags, 1), 0) <= 10),
  CHECK (a + b * 2 - 1 > 0),
  CHECK (price::int % 2 = 0),
  CHECK (body IS NULL OR body <> ''),
  CHECK (length(trim(body)) > 0)
);
CREATE INDEX e_multi ON e (a, lower(body) text_pattern_ops);
CREATE INDEX e_fts ON e USING gin (to_tsvector('english', body));
CREATE INDEX e_day ON e ((lts::date));
CREATE INDEX e_tags ON e USING gin (tags) WHERE tags IS NOT NULL AND cardinality(tags) > 0;
CREATE INDEX e_email ON e (email);
CREATE INDEX e_json ON e ((data->>'kind'), ((data->'n')::int));
CREATE UNIQUE INDEX e_uq ON e (coalesce(a, 0), coalesce(b, 0));
CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
ALTER TABLE e ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner ON e FOR UPDATE TO postgres USING (id = auth.uid()) WITH CHECK (id = auth.uid() AND a > 0);
CREATE POLICY ins ON e AS RESTRICTIVE FOR INSERT WITH CHECK (b IS NOT NULL);
CREATE POLICY sel ON e FOR SELECT USING (EXISTS (SELECT 1 FROM e e2 WHERE e2.a = e.a));
CREATE VIEW ev AS SELECT id, a, b FROM e WHERE a = ANY (ARRAY[1, 2]) AND body ILIKE '%x%';
CREATE VIEW ev2 AS SELECT mood::text AS m, count(*) FILTER (WHERE a > 0) AS pos, percentile_cont(0.5) WITHIN GROUP (ORDER BY price) AS median FROM e GROUP BY mood;
CREATE FUNCTION add_tax(p numeric, rate numeric DEFAULT 0.21) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT round(p * (1 + rate), 2) $$;
CREATE FUNCTION search(q text) RETURNS TABLE(id uuid, rank real) LANGUAGE sql STABLE AS $$ SELECT id, ts_rank(to_tsvector('english', body), plainto_tsquery('english', q)) FROM e $$;
CREATE FUNCTION set_owner() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$ BEGIN NEW.id := auth.uid(); RETURN NEW; END $$;
ALTER FUNCTION add_tax(numeric, numeric) PARALLEL SAFE;
ALTER FUNCTION search(text) ROWS 100;
CREATE TABLE e2 (LIKE e INCLUDING ALL);
