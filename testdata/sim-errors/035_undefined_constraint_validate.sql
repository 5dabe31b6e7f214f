-- expect-sqlstate: 42704
-- VALIDATE CONSTRAINT of a constraint that does not exist
CREATE TABLE t (a integer);
ALTER TABLE t VALIDATE CONSTRAINT t_a_check;
