-- expect-sqlstate: 23502
-- a NOT NULL generated column computing NULL for a row
CREATE TABLE t (a integer);
INSERT INTO t VALUES (1), (NULL);
ALTER TABLE t ADD COLUMN b integer GENERATED ALWAYS AS (a * 2) STORED NOT NULL;
