-- expect-sqlstate: 23502
-- UPDATE setting a NOT NULL column to NULL
CREATE TABLE t (a integer NOT NULL);
INSERT INTO t VALUES (1);
UPDATE t SET a = NULL;
