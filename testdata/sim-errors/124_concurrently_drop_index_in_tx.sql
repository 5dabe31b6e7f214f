-- expect-sqlstate: 25001
-- DROP INDEX CONCURRENTLY inside a transaction block
CREATE TABLE t (a integer);
CREATE INDEX t_a_idx ON t (a);
BEGIN;
DROP INDEX CONCURRENTLY t_a_idx;
