-- expect-sqlstate: 42725
-- call matching two overloads equally well
CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f(a integer, b integer DEFAULT 0) RETURNS integer LANGUAGE sql AS 'SELECT 2';
CREATE VIEW v AS SELECT f(1) AS x;
