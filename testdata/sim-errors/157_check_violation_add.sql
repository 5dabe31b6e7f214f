-- expect-sqlstate: 23514
-- ADD CONSTRAINT CHECK that existing rows violate
CREATE TABLE t (a integer);
INSERT INTO t VALUES (-1);
ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a >= 0);
