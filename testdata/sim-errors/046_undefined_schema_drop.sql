-- expect-sqlstate: 3F000
-- DROP SCHEMA without IF EXISTS
DROP SCHEMA nope;
