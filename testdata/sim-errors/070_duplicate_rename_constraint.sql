-- expect-sqlstate: 42710
-- RENAME CONSTRAINT to a name the table has
CREATE TABLE t (a integer CONSTRAINT t_a_check CHECK (a > 0), b integer CONSTRAINT t_b_check CHECK (b > 0));
ALTER TABLE t RENAME CONSTRAINT t_a_check TO t_b_check;
