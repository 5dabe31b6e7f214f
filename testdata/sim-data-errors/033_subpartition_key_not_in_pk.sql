-- expect-sqlstate: 0A000
-- a sub-partitioned partition whose key is not in the inherited primary key
CREATE TABLE o (id bigint NOT NULL, placed date NOT NULL, customer int, PRIMARY KEY (id, placed)) PARTITION BY RANGE (placed);
CREATE TABLE o_2025 PARTITION OF o FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (customer);
