-- expect-sqlstate: 23505
-- UPDATE producing a duplicate key
CREATE TABLE t (a integer UNIQUE, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y');
UPDATE t SET a = 1 WHERE b = 'y';
