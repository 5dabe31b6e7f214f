-- expect-sqlstate: 42P01
-- the function's SET search_path applies while its body is validated: '' finds no
-- unqualified table
CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
CREATE FUNCTION account_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT count(*) FROM accounts $$;
