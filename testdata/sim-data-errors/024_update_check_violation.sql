-- expect-sqlstate: 23514
-- UPDATE violating a CHECK
CREATE TABLE t (qty integer CHECK (qty >= 0));
INSERT INTO t VALUES (5);
UPDATE t SET qty = qty - 10;
