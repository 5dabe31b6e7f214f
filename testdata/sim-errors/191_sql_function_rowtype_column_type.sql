-- expect-sqlstate: 42P13
-- the columns of the table's row type in the wrong order
CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
CREATE FUNCTION make_account() RETURNS accounts LANGUAGE sql AS $$ SELECT 'a@b.c'::text, 1 $$;
