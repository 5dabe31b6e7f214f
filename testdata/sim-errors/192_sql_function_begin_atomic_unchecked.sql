-- expect-sqlstate: 42883
-- a BEGIN ATOMIC body is analysed even with check_function_bodies off (pg_dump's setting)
SET check_function_bodies = false;
CREATE FUNCTION slug(t text) RETURNS text LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT unaccent_lower(t); END;
