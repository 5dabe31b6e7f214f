-- expect-sqlstate: 42P01
-- procedures in SQL are validated the same way
CREATE PROCEDURE archive_old() LANGUAGE sql AS $$ INSERT INTO archive SELECT 1 $$;
