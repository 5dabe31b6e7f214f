-- expect-sqlstate: 42P16
-- DROP NOT NULL on a primary-key column
CREATE TABLE t (id integer PRIMARY KEY);
ALTER TABLE t ALTER COLUMN id DROP NOT NULL;
