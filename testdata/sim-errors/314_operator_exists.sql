-- expect-sqlstate: 42723
-- the same operator name and operand types twice
CREATE FUNCTION op_twice(int, int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
CREATE OPERATOR =#= (FUNCTION = op_twice, LEFTARG = int, RIGHTARG = int);
CREATE OPERATOR =#= (FUNCTION = op_twice, LEFTARG = int, RIGHTARG = int);
