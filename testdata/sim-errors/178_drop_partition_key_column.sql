-- expect-sqlstate: 42P16
-- DROP COLUMN of the partition key
CREATE TABLE p (id integer, d date) PARTITION BY RANGE (d);
ALTER TABLE p DROP COLUMN d;
