-- expect-sqlstate: 2BP01
-- DROP COLUMN a view uses
CREATE TABLE t (a integer, b integer);
CREATE VIEW v AS SELECT a, b FROM t;
ALTER TABLE t DROP COLUMN b;
