-- expect-sqlstate: 42704
-- a function's SET clause names a parameter PostgreSQL must know
CREATE FUNCTION fn_set_ok() RETURNS int LANGUAGE sql SET statement_timeout = '1s' AS 'SELECT 1';
CREATE FUNCTION fn_set_bad() RETURNS int LANGUAGE sql SET transaction_timeout = '1s' AS 'SELECT 1';
