-- expect-sqlstate: 42P13
-- integer cannot be assigned to boolean
CREATE TABLE flags (id int PRIMARY KEY, enabled int NOT NULL);
CREATE FUNCTION is_enabled(p int) RETURNS boolean LANGUAGE sql AS $$ SELECT enabled FROM flags WHERE id = p $$;
