-- expect-sqlstate: 2BP01
-- DROP TABLE a view uses
CREATE TABLE t (a integer);
CREATE VIEW v AS SELECT a FROM t;
DROP TABLE t;
