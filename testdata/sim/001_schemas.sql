-- Schemas: create (plain, IF NOT EXISTS, AUTHORIZATION, with elements), rename, owner, drop.
CREATE SCHEMA app;
CREATE SCHEMA IF NOT EXISTS app;
CREATE SCHEMA billing AUTHORIZATION postgres;
CREATE SCHEMA scratch;
ALTER SCHEMA scratch RENAME TO scratch_old;
ALTER SCHEMA scratch_old OWNER TO postgres;
DROP SCHEMA scratch_old;
DROP SCHEMA IF EXISTS never_created;
CREATE SCHEMA reporting
    CREATE TABLE daily (day date PRIMARY KEY, orders integer NOT NULL DEFAULT 0)
    CREATE VIEW recent AS SELECT day, orders FROM daily WHERE day > date '2020-01-01';
CREATE SCHEMA doomed;
CREATE TABLE doomed.t (id integer);
CREATE VIEW doomed.v AS SELECT id FROM doomed.t;
DROP SCHEMA doomed CASCADE;
COMMENT ON SCHEMA app IS 'application tables';
