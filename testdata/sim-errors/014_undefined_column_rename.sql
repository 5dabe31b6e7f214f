-- expect-sqlstate: 42703
-- RENAME COLUMN of a column that does not exist
CREATE TABLE t (a integer);
ALTER TABLE t RENAME COLUMN b TO c;
