-- expect-sqlstate: 42703
-- old column name after a rename
CREATE TABLE t (name text);
ALTER TABLE t RENAME COLUMN name TO full_name;
CREATE INDEX t_name_idx ON t (name);
