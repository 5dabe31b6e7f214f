-- expect-sqlstate: 23502
-- ADD COLUMN NOT NULL whose default is NULL on a table with rows
CREATE TABLE t (a integer);
INSERT INTO t VALUES (1);
ALTER TABLE t ADD COLUMN b text NOT NULL DEFAULT NULL;
