-- expect-sqlstate: 42809
-- index on a plain view
CREATE TABLE t (a integer);
CREATE VIEW v AS SELECT a FROM t;
CREATE INDEX v_a_idx ON v (a);
