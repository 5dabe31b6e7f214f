-- expect-sqlstate: 25001
-- VACUUM inside a transaction block
CREATE TABLE t (a integer);
BEGIN;
VACUUM t;
