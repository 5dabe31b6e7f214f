-- expect-sqlstate: 25001
-- CREATE INDEX CONCURRENTLY inside a transaction block
CREATE TABLE t (a integer);
BEGIN;
CREATE INDEX CONCURRENTLY t_a_idx ON t (a);
