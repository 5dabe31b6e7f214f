-- expect-sqlstate: 42P07
-- RENAME TO the name of another table
CREATE TABLE a (x integer);
CREATE TABLE b (x integer);
ALTER TABLE a RENAME TO b;
