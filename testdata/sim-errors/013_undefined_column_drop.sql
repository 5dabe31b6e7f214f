-- expect-sqlstate: 42703
-- DROP COLUMN of a column that does not exist
CREATE TABLE t (a integer);
ALTER TABLE t DROP COLUMN b;
