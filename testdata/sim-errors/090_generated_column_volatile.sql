-- expect-sqlstate: 42P17
-- generation expression that is not immutable
CREATE TABLE t (a integer, at timestamptz GENERATED ALWAYS AS (now()) STORED);
