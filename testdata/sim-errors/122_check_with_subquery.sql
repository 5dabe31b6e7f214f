-- expect-sqlstate: 0A000
-- check constraint with a subquery
CREATE TABLE t (a integer CHECK (a IN (SELECT 1)));
