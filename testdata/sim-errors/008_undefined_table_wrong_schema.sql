-- expect-sqlstate: 42P01
-- unqualified name not on the search_path
CREATE SCHEMA app;
CREATE TABLE app.t (a integer);
ALTER TABLE t ADD COLUMN b integer;
