-- expect-sqlstate: 42703
-- check constraint on a column that does not exist
CREATE TABLE t (a integer);
ALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b > 0);
