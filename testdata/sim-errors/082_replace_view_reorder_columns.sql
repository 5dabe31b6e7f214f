-- expect-sqlstate: 42P16
-- CREATE OR REPLACE VIEW inserting a column in the middle
CREATE TABLE t (a integer, b integer, c integer);
CREATE VIEW v AS SELECT a, c FROM t;
CREATE OR REPLACE VIEW v AS SELECT a, b, c FROM t;
