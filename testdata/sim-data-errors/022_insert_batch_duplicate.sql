-- expect-sqlstate: 23505
-- one multi-row INSERT holding the same key twice
CREATE TABLE t (code text PRIMARY KEY);
INSERT INTO t VALUES ('a'), ('b'), ('a');
