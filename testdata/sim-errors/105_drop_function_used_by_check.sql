-- expect-sqlstate: 2BP01
-- DROP FUNCTION a check constraint calls
CREATE FUNCTION positive(integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
CREATE TABLE t (a integer CHECK (positive(a)));
DROP FUNCTION positive(integer);
