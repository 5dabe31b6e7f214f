-- expect-sqlstate: 42P07
-- index named like an existing table
CREATE TABLE t (a integer);
CREATE TABLE t2 (a integer);
CREATE INDEX t2 ON t (a);
