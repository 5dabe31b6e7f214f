-- pg_dump's scripts turn check_function_bodies off: a body may then use what is created later
SET check_function_bodies = false;
CREATE FUNCTION later_total() RETURNS numeric LANGUAGE sql AS $$ SELECT sum(amount) FROM invoices $$;
CREATE FUNCTION later_wrong_type() RETURNS integer LANGUAGE sql AS $$ SELECT 'not checked' $$;
CREATE TABLE invoices (id int PRIMARY KEY, amount numeric);
SET check_function_bodies = true;
-- a function's own SET check_function_bodies = off also skips its validation
CREATE FUNCTION own_off() RETURNS bigint LANGUAGE sql SET check_function_bodies = off AS $$ SELECT count(*) FROM not_yet $$;
CREATE TABLE not_yet (id int);
-- polymorphic arguments: the body is only parsed
CREATE FUNCTION pairs(anyelement, anyelement) RETURNS anyarray LANGUAGE sql AS $$ SELECT ARRAY[$1, $2] FROM no_such_table $$;
