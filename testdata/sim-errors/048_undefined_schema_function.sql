-- expect-sqlstate: 3F000
-- function in a schema that does not exist
CREATE FUNCTION nope.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
