-- expect-sqlstate: 23505
-- CREATE UNIQUE INDEX over duplicate values
CREATE TABLE t (a integer);
INSERT INTO t VALUES (1), (1);
CREATE UNIQUE INDEX t_a_key ON t (a);
