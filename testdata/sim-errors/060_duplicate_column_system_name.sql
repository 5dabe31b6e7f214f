-- expect-sqlstate: 42701
-- column named like a system column
CREATE TABLE t (a integer);
ALTER TABLE t RENAME COLUMN a TO ctid;
