-- expect-sqlstate: 42P07
-- table named like an existing view
CREATE VIEW v AS SELECT 1 AS one;
CREATE TABLE v (a integer);
