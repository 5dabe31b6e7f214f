-- expect-sqlstate: 22003
-- INSERT of a value out of smallint's range
CREATE TABLE t (a smallint);
INSERT INTO t VALUES (40000);
