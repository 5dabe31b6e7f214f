-- expect-sqlstate: 42883
-- operator that does not exist for the types (text > integer)
CREATE TABLE t (a text CHECK (a > 1));
