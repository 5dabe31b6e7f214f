-- expect-sqlstate: 42703
-- COMMENT ON COLUMN of a column that does not exist
CREATE TABLE t (a integer);
COMMENT ON COLUMN t.b IS 'nothing';
