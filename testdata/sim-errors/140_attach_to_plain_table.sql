-- expect-sqlstate: 42P17
-- ATTACH PARTITION to a table that is not partitioned
CREATE TABLE t (d date);
CREATE TABLE t_2025 (d date);
ALTER TABLE t ATTACH PARTITION t_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
