-- expect-sqlstate: 42809
-- ALTER SEQUENCE naming a table
CREATE TABLE t (a integer);
ALTER SEQUENCE t RESTART;
