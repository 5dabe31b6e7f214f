-- expect-sqlstate: 42710
-- CREATE POLICY twice on one table
CREATE TABLE t (a integer);
CREATE POLICY p ON t USING (a > 0);
CREATE POLICY p ON t USING (a < 0);
