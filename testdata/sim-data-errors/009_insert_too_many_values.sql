-- expect-sqlstate: 42601
-- more values than target columns
CREATE TABLE t (a integer, b integer);
INSERT INTO t (a) VALUES (1, 2);
