-- expect-sqlstate: 22P02
-- ALTER COLUMN TYPE USING a cast that fails on a row
CREATE TABLE t (a text);
INSERT INTO t VALUES ('abc');
ALTER TABLE t ALTER COLUMN a TYPE integer USING a::integer;
