CREATE TABLE x (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10) PRIMARY KEY,
  a int, b int, c numeric(12,4) DEFAULT 1.5, d double precision DEFAULT 1e3, r real DEFAULT -0.5,
  s text, t varchar(20) DEFAULT 'abc'::character varying, u uuid,
  j jsonb DEFAULT '{"b": 1, "a": [1, 2]}', arr int[] DEFAULT ARRAY[1, 2, 3], tarr text[] DEFAULT '{a,b}',
  ts timestamp(3) DEFAULT now(), tz timestamptz DEFAULT (now() AT TIME ZONE 'utc'), dt date DEFAULT CURRENT_DATE + 7,
  iv interval DEFAULT '1 day 2 hours', iv2 interval DEFAULT interval '90 minutes', flag boolean DEFAULT true,
  bits bit(4) DEFAULT B'1010', vb varbit DEFAULT '101', by bytea DEFAULT '\x00ff', ch char(3) DEFAULT 'x',
  money_col money DEFAULT 0, ip inet DEFAULT '10.0.0.1', cidr_col cidr DEFAULT '10.0.0.0/8', mac macaddr,
  tm time DEFAULT '12:00', tmz timetz DEFAULT '12:00+02', nm name DEFAULT 'n',
  CHECK (CASE WHEN a > 0 THEN b > 0 WHEN a < 0 THEN b < 0 ELSE b IS NULL END),
  CHECK (COALESCE(a, b, 0) >= 0),
  CHECK (NULLIF(s, '') IS NOT NULL),
  CHECK (GREATEST(a, b) < 100 AND LEAST(a, b) > -100),
  CHECK (substring(s from 1 for 2) <> 'xx'),
  CHECK (position('@' in s) > 0),
  CHECK (trim(both ' ' from s) = s),
  CHECK (extract(year from dt) >= 2000),
  CHECK (date_trunc('day', ts) <= ts),
  CHECK (ts + interval '1 day' > ts),
  CHECK (arr @> ARRAY[1]),
  CHECK (arr && ARRAY[1, 2]),
  CHECK (1 = ANY (arr)),
  CHECK (j ? 'a'),
  CHECK (j ?| ARRAY['a', 'b']),
  CHECK (j @> '{"b": 1}'),
  CHECK ((j ->> 'b')::int = 1),
  CHECK (j #>> '{a,0}' IS NOT NULL),
  CHECK (s ~ '^[a-z]+$' AND s !~* 'bad' AND s SIMILAR TO '%a%'),
  CHECK (s LIKE 'a%' OR s NOT ILIKE 'b%'),
  CHECK (flag IS TRUE OR flag IS NOT FALSE),
  CHECK (a BETWEEN SYMMETRIC 10 AND 1),
  CHECK (a NOT BETWEEN 50 AND 60),
  CHECK ((a, b) <> (0, 0)),
  CHECK (length(t::text) < 20),
  CHECK (u IS DISTINCT FROM '00000000-0000-0000-0000-000000000000'),
  CHECK (c::int % 2 = 0 OR c > 0.5),
  CHECK (abs(r) < 10 AND round(c, 2) > 0 AND floor(d) >= 0),
  CHECK (lower(s) = s AND upper(t) IS NOT NULL AND initcap(s) <> ''),
  CHECK (s || t <> '' AND concat(s, t) <> ''),
  CHECK (array_length(tarr, 1) > 0 AND cardinality(arr) < 10),
  CHECK (split_part(s, '.', 1) <> '' AND replace(s, 'a', 'b') <> '' AND left(s, 1) <> ''),
  CHECK (to_char(dt, 'YYYY') <> '' AND age(dt) > '-1 year'),
  CHECK (ip << '10.0.0.0/8'::inet),
  CHECK (tm < '23:00' AND iv > '0'),
  CHECK (octet_length(by) < 100 AND bits <> B'0000')
);
CREATE INDEX x_e1 ON x ((a + b), (s || 'x'), (j -> 'a'), (lower(t)) DESC NULLS LAST, c NULLS FIRST);
CREATE INDEX x_e2 ON x USING gin (j jsonb_path_ops);
CREATE INDEX x_e3 ON x USING gin (tarr);
CREATE INDEX x_e4 ON x (date_trunc('month', ts)) WHERE flag AND NOT (a IS NULL);
CREATE INDEX x_e5 ON x USING brin (ts) WITH (pages_per_range = 32);
CREATE INDEX x_e6 ON x USING hash (u);
CREATE INDEX x_e7 ON x (s COLLATE "C" text_pattern_ops);
CREATE UNIQUE INDEX x_e8 ON x (a, b) INCLUDE (c) WHERE a IS NOT NULL;
CREATE TABLE y (id int PRIMARY KEY, x_id bigint REFERENCES x ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED, k int, UNIQUE (k) DEFERRABLE);
ALTER TABLE y ADD CONSTRAINT y_k_range CHECK (k > 0 AND k < 1000) NOT VALID;
CREATE VIEW xv AS SELECT id, a + b AS total, s || '!' AS loud, j->>'b' AS jb, arr[1] AS first, CASE WHEN flag THEN 'y' ELSE 'n' END AS f, ts::date AS day, extract(epoch FROM iv) AS secs, count(*) OVER (PARTITION BY a) AS cnt FROM x;
CREATE MATERIALIZED VIEW xm AS SELECT a, sum(c) AS total, avg(d) AS mean, array_agg(s ORDER BY s) AS names, string_agg(t, ',') AS ts, bool_and(flag) AS allf, max(ts) AS last, min(dt) AS first FROM x GROUP BY a WITH NO DATA;
