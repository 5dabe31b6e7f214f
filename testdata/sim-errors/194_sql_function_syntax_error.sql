-- expect-sqlstate: 42601
-- the body is parsed at CREATE FUNCTION
CREATE FUNCTION broken() RETURNS integer LANGUAGE sql AS $$ SELEC 1 $$;
