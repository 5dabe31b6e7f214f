-- expect-sqlstate: 23P01
-- ADD EXCLUDE constraint that existing rows violate
CREATE TABLE t (during tstzrange);
INSERT INTO t VALUES ('[2025-01-01,2025-02-01)'), ('[2025-01-15,2025-03-01)');
ALTER TABLE t ADD CONSTRAINT t_no_overlap EXCLUDE USING gist (during WITH &&);
