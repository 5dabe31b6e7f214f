-- expect-sqlstate: 42P07
-- unique constraint whose index name is taken
CREATE TABLE t (a integer);
CREATE INDEX t_a_key ON t (a);
ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);
