-- expect-sqlstate: 42P13
-- CREATE OR REPLACE FUNCTION renaming an input parameter
CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
CREATE OR REPLACE FUNCTION f(b integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
