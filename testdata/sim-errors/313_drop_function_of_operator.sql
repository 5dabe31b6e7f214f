-- expect-sqlstate: 2BP01
-- an operator depends on its function
CREATE FUNCTION op_dep(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
CREATE OPERATOR === (FUNCTION = op_dep, LEFTARG = text, RIGHTARG = text);
DROP FUNCTION op_dep(text, text);
