-- expect-sqlstate: 2BP01
-- DROP TABLE whose row type a function returns
CREATE TABLE t (a integer);
CREATE FUNCTION all_t() RETURNS SETOF t LANGUAGE sql AS 'SELECT * FROM t';
DROP TABLE t;
