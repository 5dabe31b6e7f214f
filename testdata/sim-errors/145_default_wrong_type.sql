-- expect-sqlstate: 42804
-- default expression of another type
CREATE TABLE t (a integer DEFAULT 'x'::text);
