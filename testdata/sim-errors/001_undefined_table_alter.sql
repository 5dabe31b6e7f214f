-- expect-sqlstate: 42P01
-- ALTER TABLE on a table that does not exist
ALTER TABLE missing ADD COLUMN note text;
