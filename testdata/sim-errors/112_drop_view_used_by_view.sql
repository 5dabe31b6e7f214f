-- expect-sqlstate: 2BP01
-- DROP VIEW another view uses
CREATE VIEW v1 AS SELECT 1 AS x;
CREATE VIEW v2 AS SELECT x FROM v1;
DROP VIEW v1;
