-- expect-sqlstate: 42P02
-- $2 in a function of one argument
CREATE FUNCTION twice(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2';
