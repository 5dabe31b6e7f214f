-- expect-sqlstate: 23505
-- ADD UNIQUE over duplicate values
CREATE TABLE t (a integer);
INSERT INTO t VALUES (1), (1);
ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);
