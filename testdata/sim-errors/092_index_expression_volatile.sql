-- expect-sqlstate: 42P17
-- index expression calling a volatile function
CREATE TABLE t (a integer);
CREATE INDEX t_rand_idx ON t ((a + random()));
