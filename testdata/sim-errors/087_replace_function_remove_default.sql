-- expect-sqlstate: 42P13
-- CREATE OR REPLACE FUNCTION removing a parameter default
CREATE FUNCTION f(a integer DEFAULT 1) RETURNS integer LANGUAGE sql AS 'SELECT $1';
CREATE OR REPLACE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
