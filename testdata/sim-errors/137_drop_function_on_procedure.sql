-- expect-sqlstate: 42809
-- DROP FUNCTION naming a procedure
CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';
DROP FUNCTION p();
