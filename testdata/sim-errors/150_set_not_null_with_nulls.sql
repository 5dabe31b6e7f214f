-- expect-sqlstate: 23502
-- SET NOT NULL on a column holding NULLs
CREATE TABLE t (a integer);
INSERT INTO t VALUES (NULL);
ALTER TABLE t ALTER COLUMN a SET NOT NULL;
