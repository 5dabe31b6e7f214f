-- expect-sqlstate: 3F000
-- SET SCHEMA to a schema that does not exist
CREATE TABLE t (a integer);
ALTER TABLE t SET SCHEMA nope;
