-- expect-sqlstate: 22001
-- ALTER COLUMN TYPE varchar(n) shorter than stored values
CREATE TABLE t (a text);
INSERT INTO t VALUES ('abcdef');
ALTER TABLE t ALTER COLUMN a TYPE varchar(3);
