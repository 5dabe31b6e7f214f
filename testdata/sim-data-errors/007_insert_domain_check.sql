-- expect-sqlstate: 23514
-- INSERT violating a domain's CHECK
CREATE DOMAIN pos AS integer CHECK (VALUE > 0);
CREATE TABLE t (n pos);
INSERT INTO t VALUES (-3);
