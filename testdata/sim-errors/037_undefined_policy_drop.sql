-- expect-sqlstate: 42704
-- DROP POLICY without IF EXISTS
CREATE TABLE t (a integer);
DROP POLICY missing_policy ON t;
