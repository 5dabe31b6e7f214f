-- expect-sqlstate: 2BP01
-- DROP SCHEMA that still holds objects
CREATE SCHEMA app;
CREATE TABLE app.t (a integer);
DROP SCHEMA app;
