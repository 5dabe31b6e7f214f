-- expect-sqlstate: 22P02
-- USING a::integer over a text holding a decimal
CREATE TABLE t (a text);
INSERT INTO t VALUES ('10'), ('20.5');
ALTER TABLE t ALTER COLUMN a TYPE integer USING a::integer;
