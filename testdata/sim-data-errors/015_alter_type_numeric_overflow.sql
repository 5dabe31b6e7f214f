-- expect-sqlstate: 22003
-- ALTER COLUMN TYPE numeric(4,2) over a value too large
CREATE TABLE t (a numeric);
INSERT INTO t VALUES (12.5), (123.456);
ALTER TABLE t ALTER COLUMN a TYPE numeric(4,2);
