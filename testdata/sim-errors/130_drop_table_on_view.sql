-- expect-sqlstate: 42809
-- DROP TABLE naming a view
CREATE VIEW v AS SELECT 1 AS x;
DROP TABLE v;
