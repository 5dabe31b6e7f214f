-- expect-sqlstate: 42P13
-- CREATE OR REPLACE FUNCTION changing the OUT row type
CREATE FUNCTION f(OUT a integer, OUT b integer) LANGUAGE sql AS 'SELECT 1, 2';
CREATE OR REPLACE FUNCTION f(OUT a integer, OUT b text) LANGUAGE sql AS 'SELECT 1, ''2''';
