-- expect-sqlstate: 42883
-- a SQL function's body is analysed at CREATE FUNCTION: crypt() and gen_salt() come with
-- pgcrypto, which the chain creates only later
CREATE TABLE users (id int PRIMARY KEY, password_hash text);
CREATE FUNCTION hash_password(pw text) RETURNS text LANGUAGE sql AS $$ SELECT crypt(pw, gen_salt('bf')) $$;
