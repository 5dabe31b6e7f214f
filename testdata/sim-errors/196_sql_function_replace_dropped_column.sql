-- expect-sqlstate: 42703
-- CREATE OR REPLACE validates the new body against the current columns
CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL, nick text);
CREATE FUNCTION nick_of(p_id int) RETURNS text LANGUAGE sql AS $$ SELECT nick FROM accounts WHERE id = p_id $$;
ALTER TABLE accounts DROP COLUMN nick;
CREATE OR REPLACE FUNCTION nick_of(p_id int) RETURNS text LANGUAGE sql AS $$ SELECT nick FROM accounts WHERE id = p_id $$;
