-- expect-sqlstate: 23502
-- INSERT of NULL into a NOT NULL column
CREATE TABLE t (a integer NOT NULL, b text);
INSERT INTO t (a, b) VALUES (1, 'x');
INSERT INTO t (b) VALUES ('y');
