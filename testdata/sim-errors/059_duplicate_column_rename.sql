-- expect-sqlstate: 42701
-- RENAME COLUMN to the name of another column
CREATE TABLE t (a integer, b integer);
ALTER TABLE t RENAME COLUMN a TO b;
