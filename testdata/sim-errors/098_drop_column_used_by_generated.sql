-- expect-sqlstate: 2BP01
-- DROP COLUMN a generated column uses
CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);
ALTER TABLE t DROP COLUMN a;
