-- expect-sqlstate: 0A000
-- ALTER COLUMN TYPE of a column a view uses
CREATE TABLE t (a integer);
CREATE VIEW v AS SELECT a FROM t;
ALTER TABLE t ALTER COLUMN a TYPE bigint;
