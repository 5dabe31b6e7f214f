CREATE FUNCTION not_a_trigger() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
