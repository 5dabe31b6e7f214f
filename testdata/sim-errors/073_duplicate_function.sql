-- expect-sqlstate: 42723
-- CREATE FUNCTION twice with the same arguments
CREATE FUNCTION f(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION f(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 1';
