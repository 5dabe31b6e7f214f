-- expect-sqlstate: 22003
-- ALTER COLUMN TYPE smallint with a value out of range
CREATE TABLE t (a integer);
INSERT INTO t VALUES (100000);
ALTER TABLE t ALTER COLUMN a TYPE smallint;
