-- expect-sqlstate: 42P01
-- old name after a rename
CREATE TABLE t (a integer);
ALTER TABLE t RENAME TO t2;
CREATE INDEX t_a_idx ON t (a);
