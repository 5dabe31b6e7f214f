-- expect-sqlstate: 23514
-- a new partition whose rows sit in the default partition
CREATE TABLE e (at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE e_default PARTITION OF e DEFAULT;
CREATE TABLE e_2024 (at date NOT NULL);
INSERT INTO e_default VALUES ('2025-06-01');
CREATE TABLE e_2025 PARTITION OF e FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
