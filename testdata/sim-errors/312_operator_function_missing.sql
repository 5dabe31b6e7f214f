-- expect-sqlstate: 42883
-- an operator's function must take exactly its operand types
CREATE FUNCTION op_close(numeric, numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs($1 - $2) < 1';
CREATE OPERATOR ~~~ (FUNCTION = op_close, LEFTARG = numeric, RIGHTARG = numeric);
CREATE OPERATOR ~~~ (FUNCTION = op_close, LEFTARG = integer, RIGHTARG = integer);
