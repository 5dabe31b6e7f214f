-- expect-sqlstate: 42723
-- RENAME a function onto an existing signature
CREATE FUNCTION f(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION g(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
ALTER FUNCTION f(integer) RENAME TO g;
