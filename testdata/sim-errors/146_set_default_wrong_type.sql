-- expect-sqlstate: 42804
-- SET DEFAULT of another type
CREATE TABLE t (a integer);
ALTER TABLE t ALTER COLUMN a SET DEFAULT now();
