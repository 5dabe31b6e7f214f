-- expect-sqlstate: 23514
-- ADD CHECK (status IN (...)) with a row outside the list
CREATE TABLE t (status text);
INSERT INTO t VALUES ('active'), ('deleted');
ALTER TABLE t ADD CONSTRAINT t_status_check CHECK (status IN ('active', 'suspended'));
