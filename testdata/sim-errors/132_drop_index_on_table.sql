-- expect-sqlstate: 42809
-- DROP INDEX naming a table
CREATE TABLE t (a integer);
DROP INDEX t;
