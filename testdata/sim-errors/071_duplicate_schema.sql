-- expect-sqlstate: 42P06
-- CREATE SCHEMA twice
CREATE SCHEMA app;
CREATE SCHEMA app;
