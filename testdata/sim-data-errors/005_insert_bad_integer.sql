-- expect-sqlstate: 22P02
-- INSERT of a string that is no integer
CREATE TABLE t (a integer);
INSERT INTO t VALUES ('twelve');
