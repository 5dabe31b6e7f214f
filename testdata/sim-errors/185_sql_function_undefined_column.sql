-- expect-sqlstate: 42703
-- a column that is neither a column of the table nor a parameter
CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
CREATE FUNCTION account_by_email(p_email text) RETURNS SETOF accounts LANGUAGE sql AS $$ SELECT * FROM accounts WHERE mail = p_email $$;
