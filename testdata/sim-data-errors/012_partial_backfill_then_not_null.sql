-- expect-sqlstate: 23502
-- a backfill that misses rows, then SET NOT NULL
CREATE TABLE t (id integer, region text);
INSERT INTO t VALUES (1, NULL), (2, NULL), (3, 'us');
UPDATE t SET region = 'eu' WHERE id = 1;
ALTER TABLE t ALTER COLUMN region SET NOT NULL;
