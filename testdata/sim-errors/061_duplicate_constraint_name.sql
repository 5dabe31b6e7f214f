-- expect-sqlstate: 42710
-- ADD CONSTRAINT with a name the table already has
CREATE TABLE t (a integer, CONSTRAINT t_a_check CHECK (a > 0));
ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a < 100);
