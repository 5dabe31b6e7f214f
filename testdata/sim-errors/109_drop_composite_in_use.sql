-- expect-sqlstate: 2BP01
-- DROP TYPE of a composite type a column uses
CREATE TYPE pair AS (a integer, b integer);
CREATE TABLE t (p pair);
DROP TYPE pair;
