-- expect-sqlstate: 23514
-- VALIDATE CONSTRAINT that existing rows violate
CREATE TABLE t (a integer);
INSERT INTO t VALUES (-1);
ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a >= 0) NOT VALID;
ALTER TABLE t VALIDATE CONSTRAINT t_a_check;
