-- expect-sqlstate: 2BP01
-- DROP FUNCTION a view calls
CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE VIEW v AS SELECT one() AS x;
DROP FUNCTION one();
