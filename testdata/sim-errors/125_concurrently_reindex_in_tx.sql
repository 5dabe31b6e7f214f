-- expect-sqlstate: 25001
-- REINDEX CONCURRENTLY inside a transaction block
CREATE TABLE t (a integer);
CREATE INDEX t_a_idx ON t (a);
BEGIN;
REINDEX INDEX CONCURRENTLY t_a_idx;
