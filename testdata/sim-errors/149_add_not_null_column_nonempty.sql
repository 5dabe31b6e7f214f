-- expect-sqlstate: 23502
-- ADD COLUMN NOT NULL without default on a table with rows
CREATE TABLE t (a integer);
INSERT INTO t VALUES (1);
ALTER TABLE t ADD COLUMN b integer NOT NULL;
