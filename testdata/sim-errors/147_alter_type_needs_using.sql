-- expect-sqlstate: 42804
-- ALTER COLUMN TYPE without a USING PostgreSQL can apply
CREATE TABLE t (a text);
ALTER TABLE t ALTER COLUMN a TYPE integer;
