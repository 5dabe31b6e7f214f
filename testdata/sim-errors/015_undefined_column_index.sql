-- expect-sqlstate: 42703
-- index on a column that does not exist
CREATE TABLE t (a integer);
CREATE INDEX t_b_idx ON t (b);
