-- expect-sqlstate: 42P01
-- table dropped by an earlier statement
CREATE TABLE t (a integer);
DROP TABLE t;
ALTER TABLE t ADD COLUMN b integer;
