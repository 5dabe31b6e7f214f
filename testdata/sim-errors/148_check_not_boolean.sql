-- expect-sqlstate: 42804
-- check constraint that is not boolean
CREATE TABLE t (a integer);
ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a + 1);
