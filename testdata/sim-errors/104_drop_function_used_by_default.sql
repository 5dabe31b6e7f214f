-- expect-sqlstate: 2BP01
-- DROP FUNCTION a column default calls
CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE TABLE t (a integer DEFAULT one());
DROP FUNCTION one();
