-- expect-sqlstate: 42P13
-- RETURNS TABLE with three columns, the SELECT has two
CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
CREATE FUNCTION list_accounts() RETURNS TABLE (id int, email text, created timestamptz) LANGUAGE sql AS $$ SELECT id, email FROM accounts $$;
