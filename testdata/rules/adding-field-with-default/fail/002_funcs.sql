CREATE FUNCTION next_ticket() RETURNS bigint LANGUAGE sql VOLATILE AS $$ SELECT 42::bigint $$;
CREATE FUNCTION tenant_default() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'main' $$;
