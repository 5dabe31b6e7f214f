-- Partitioned tables: RANGE/LIST/HASH, DEFAULT, sub-partitions, keys and indexes on the
-- parent, ATTACH/DETACH PARTITION, ON ONLY indexes attached per partition.
CREATE TABLE app.events (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at timestamptz NOT NULL,
    kind        text NOT NULL,
    payload     jsonb,
    CONSTRAINT events_pkey PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE app.events_2024 PARTITION OF app.events
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_2025 PARTITION OF app.events
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.events_default PARTITION OF app.events DEFAULT;
CREATE INDEX events_kind_idx ON app.events (kind);
CREATE TABLE app.events_2026 (LIKE app.events INCLUDING DEFAULTS);
ALTER TABLE app.events ATTACH PARTITION app.events_2026
    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE app.events DETACH PARTITION app.events_2024;
ALTER TABLE app.events_2024 RENAME TO events_2024_archived;
CREATE TABLE app.regional_sales (
    region  text NOT NULL,
    sold_on date NOT NULL,
    amount  numeric(12, 2) NOT NULL
) PARTITION BY LIST (region);
CREATE TABLE app.regional_sales_eu PARTITION OF app.regional_sales FOR VALUES IN ('nl', 'de', 'fr');
CREATE TABLE app.regional_sales_us PARTITION OF app.regional_sales
    FOR VALUES IN ('us') PARTITION BY RANGE (sold_on);
CREATE TABLE app.regional_sales_us_2025 PARTITION OF app.regional_sales_us
    FOR VALUES FROM (MINVALUE) TO ('2026-01-01');
CREATE TABLE app.regional_sales_us_later PARTITION OF app.regional_sales_us
    FOR VALUES FROM ('2026-01-01') TO (MAXVALUE);
CREATE TABLE app.buckets (
    id   bigint NOT NULL,
    data text
) PARTITION BY HASH (id);
CREATE TABLE app.buckets_0 PARTITION OF app.buckets FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE app.buckets_1 PARTITION OF app.buckets FOR VALUES WITH (MODULUS 2, REMAINDER 1);
ALTER TABLE app.buckets ADD CONSTRAINT buckets_pkey PRIMARY KEY (id);
CREATE INDEX regional_sales_sold_on_idx ON ONLY app.regional_sales (sold_on);
CREATE INDEX regional_sales_eu_sold_on_idx ON app.regional_sales_eu (sold_on);
ALTER INDEX app.regional_sales_sold_on_idx ATTACH PARTITION app.regional_sales_eu_sold_on_idx;
ALTER TABLE app.events ADD COLUMN source text NOT NULL DEFAULT 'web';
ALTER TABLE app.events ALTER COLUMN kind SET STATISTICS 300;
ALTER TABLE app.events_2025 ALTER COLUMN payload SET STORAGE MAIN;
INSERT INTO app.events (occurred_at, kind) VALUES ('2025-06-01', 'signup'), ('2030-01-01', 'future');
COMMENT ON TABLE app.events IS 'partitioned by year';
