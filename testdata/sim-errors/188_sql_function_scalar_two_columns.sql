-- expect-sqlstate: 42P13
-- a scalar result needs exactly one column
CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
CREATE FUNCTION first_email() RETURNS text LANGUAGE sql AS $$ SELECT id, email FROM accounts LIMIT 1 $$;
