-- expect-sqlstate: 42P01
-- index on a table that does not exist
CREATE INDEX missing_a_idx ON missing (a);
