-- expect-sqlstate: 42809
-- DROP VIEW naming a table
CREATE TABLE t (a integer);
DROP VIEW t;
