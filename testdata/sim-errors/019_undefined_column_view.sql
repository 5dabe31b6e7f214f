-- expect-sqlstate: 42703
-- view selecting a column that does not exist
CREATE TABLE t (a integer);
CREATE VIEW v AS SELECT b FROM t;
