-- expect-sqlstate: 42704
-- DROP CONSTRAINT without IF EXISTS
CREATE TABLE t (a integer);
ALTER TABLE t DROP CONSTRAINT t_a_check;
