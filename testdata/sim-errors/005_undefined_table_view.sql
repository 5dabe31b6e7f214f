-- expect-sqlstate: 42P01
-- view selecting from a table that does not exist
CREATE VIEW v AS SELECT * FROM missing;
