-- expect-sqlstate: 0A000
-- ALTER COLUMN TYPE of a column a generated column uses
CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);
ALTER TABLE t ALTER COLUMN a TYPE bigint;
