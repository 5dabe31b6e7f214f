-- expect-sqlstate: 42P07
-- CREATE MATERIALIZED VIEW over a name a table has
CREATE TABLE stats (a integer);
CREATE MATERIALIZED VIEW stats AS SELECT 1 AS a;
