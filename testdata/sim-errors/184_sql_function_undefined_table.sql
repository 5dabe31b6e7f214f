-- expect-sqlstate: 42P01
-- the body reads a table that does not exist (yet)
CREATE FUNCTION active_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM accounts WHERE active $$;
