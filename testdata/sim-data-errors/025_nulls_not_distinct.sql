-- expect-sqlstate: 23505
-- a NULLS NOT DISTINCT unique index over two NULLs
CREATE TABLE t (a integer);
INSERT INTO t VALUES (NULL), (NULL);
CREATE UNIQUE INDEX t_a_key ON t (a) NULLS NOT DISTINCT;
