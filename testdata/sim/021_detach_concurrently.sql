-- airlock:transaction off
-- DETACH PARTITION CONCURRENTLY runs outside a transaction (and needs no default partition).
CREATE TABLE app.metrics (
    taken_on date NOT NULL,
    value    double precision
) PARTITION BY RANGE (taken_on);
CREATE TABLE app.metrics_2025 PARTITION OF app.metrics FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.metrics_2026 PARTITION OF app.metrics FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE app.metrics DETACH PARTITION app.metrics_2025 CONCURRENTLY;
DROP TABLE app.metrics_2025;
