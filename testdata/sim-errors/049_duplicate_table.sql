-- expect-sqlstate: 42P07
-- CREATE TABLE twice
CREATE TABLE t (a integer);
CREATE TABLE t (b integer);
