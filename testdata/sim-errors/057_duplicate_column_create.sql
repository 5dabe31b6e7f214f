-- expect-sqlstate: 42701
-- CREATE TABLE with a column twice
CREATE TABLE t (a integer, a text);
