-- expect-sqlstate: 23514
-- INSERT violating a CHECK
CREATE TABLE t (price numeric(8,2) CHECK (price > 0));
INSERT INTO t VALUES (0);
