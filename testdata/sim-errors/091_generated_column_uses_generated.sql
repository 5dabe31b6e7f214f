-- expect-sqlstate: 42P17
-- generated column referring to another generated column
CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2) STORED, c integer GENERATED ALWAYS AS (b * 2) STORED);
