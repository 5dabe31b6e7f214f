-- expect-sqlstate: 22001
-- shrinking varchar below a stored value (through a domain-free column)
CREATE TABLE t (code varchar(20));
INSERT INTO t VALUES ('short'), ('much-too-long');
ALTER TABLE t ALTER COLUMN code TYPE varchar(8);
