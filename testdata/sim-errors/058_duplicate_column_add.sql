-- expect-sqlstate: 42701
-- ADD COLUMN of a column that exists
CREATE TABLE t (a integer);
ALTER TABLE t ADD COLUMN a text;
