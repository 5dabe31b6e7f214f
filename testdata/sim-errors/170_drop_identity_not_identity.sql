-- expect-sqlstate: 55000
-- DROP IDENTITY on a column that is not one
CREATE TABLE t (a integer NOT NULL);
ALTER TABLE t ALTER COLUMN a DROP IDENTITY;
