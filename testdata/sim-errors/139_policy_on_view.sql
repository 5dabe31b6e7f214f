-- expect-sqlstate: 42809
-- CREATE POLICY on a view
CREATE VIEW v AS SELECT 1 AS x;
CREATE POLICY p ON v USING (true);
