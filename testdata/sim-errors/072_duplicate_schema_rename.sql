-- expect-sqlstate: 42P06
-- RENAME a schema to the name of another
CREATE SCHEMA a;
CREATE SCHEMA b;
ALTER SCHEMA a RENAME TO b;
