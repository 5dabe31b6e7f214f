-- expect-sqlstate: 42P16
-- CREATE OR REPLACE VIEW changing a column type
CREATE TABLE t (a integer, b integer);
CREATE VIEW v AS SELECT a, b FROM t;
CREATE OR REPLACE VIEW v AS SELECT a, b::bigint AS b FROM t;
