-- expect-sqlstate: 42809
-- ALTER TABLE ADD COLUMN on a view
CREATE VIEW v AS SELECT 1 AS x;
ALTER TABLE v ADD COLUMN y integer;
