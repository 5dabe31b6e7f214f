-- expect-sqlstate: 42P07
-- two indexes with one name
CREATE TABLE t (a integer, b integer);
CREATE INDEX t_idx ON t (a);
CREATE INDEX t_idx ON t (b);
