-- expect-sqlstate: 42P13
-- a function returning integer must end with SELECT or ... RETURNING
CREATE TABLE counters (name text PRIMARY KEY, n int NOT NULL DEFAULT 0);
CREATE FUNCTION bump(p text) RETURNS integer LANGUAGE sql AS $$ UPDATE counters SET n = n + 1 WHERE name = p $$;
