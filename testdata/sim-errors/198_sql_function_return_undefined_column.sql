-- expect-sqlstate: 42703
-- RETURN expr: the expression is analysed with the parameters in scope
CREATE FUNCTION plus_one(a int) RETURNS int LANGUAGE sql IMMUTABLE RETURN b + 1;
