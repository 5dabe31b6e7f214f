-- expect-sqlstate: 42883
-- DROP FUNCTION with other argument types
CREATE FUNCTION f(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
DROP FUNCTION f(text);
