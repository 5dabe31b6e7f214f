-- expect-sqlstate: 42723
-- OUT parameters do not make a new signature
CREATE FUNCTION f(a integer, OUT b integer) LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION f(a integer, OUT c text) LANGUAGE sql AS 'SELECT $1::text';
