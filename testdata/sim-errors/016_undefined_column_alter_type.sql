-- expect-sqlstate: 42703
-- ALTER COLUMN TYPE of a column that does not exist
CREATE TABLE t (a integer);
ALTER TABLE t ALTER COLUMN b TYPE text;
