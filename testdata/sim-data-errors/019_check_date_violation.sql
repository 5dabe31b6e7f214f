-- expect-sqlstate: 23514
-- INSERT violating a CHECK between two dates
CREATE TABLE t (starts date, ends date, CHECK (starts <= ends));
INSERT INTO t VALUES ('2025-02-01', '2025-01-01');
