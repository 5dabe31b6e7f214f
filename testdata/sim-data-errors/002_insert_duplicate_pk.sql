-- expect-sqlstate: 23505
-- INSERT of a primary key value that exists
CREATE TABLE t (id integer PRIMARY KEY, name text);
INSERT INTO t VALUES (1, 'a'), (2, 'b');
INSERT INTO t VALUES (2, 'c');
