-- expect-sqlstate: 3F000
-- after pg_dump's set_config('search_path', '', false) an unqualified CREATE has no schema
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.kept (id int);
CREATE TABLE lost (id int);
