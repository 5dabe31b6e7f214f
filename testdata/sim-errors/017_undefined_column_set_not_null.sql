-- expect-sqlstate: 42703
-- SET NOT NULL on a column that does not exist
CREATE TABLE t (a integer);
ALTER TABLE t ALTER COLUMN b SET NOT NULL;
