-- expect-sqlstate: 42P16
-- ALTER COLUMN TYPE of the partition key
CREATE TABLE p (id integer, d date) PARTITION BY RANGE (d);
ALTER TABLE p ALTER COLUMN d TYPE timestamptz;
