-- expect-sqlstate: 22001
-- INSERT of a string longer than varchar(n)
CREATE TABLE t (code varchar(3));
INSERT INTO t VALUES ('abcd');
