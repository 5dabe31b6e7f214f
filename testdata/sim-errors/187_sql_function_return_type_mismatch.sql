-- expect-sqlstate: 42P13
-- the final SELECT returns text (an unknown literal becomes text), the function integer
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS $$ SELECT '42' $$;
