-- Partitions attached with their rows.
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 (id bigint NOT NULL, at date NOT NULL, kind text);
INSERT INTO events_2024 VALUES (1, '2024-03-01', 'a'), (2, '2024-12-31', 'b');
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE regions (code text NOT NULL, name text) PARTITION BY LIST (code);
CREATE TABLE regions_eu (code text NOT NULL, name text);
INSERT INTO regions_eu VALUES ('de', 'Germany'), ('fr', 'France');
ALTER TABLE regions ATTACH PARTITION regions_eu FOR VALUES IN ('de', 'fr', 'nl');
TRUNCATE regions_eu;
CREATE TABLE queue (id serial PRIMARY KEY, payload text);
INSERT INTO queue (payload) VALUES (NULL), (NULL);
TRUNCATE queue RESTART IDENTITY;
ALTER TABLE queue ALTER COLUMN payload SET NOT NULL;
UPDATE accounts SET contact = 'none@example.com' WHERE contact IS NULL;
ALTER DOMAIN email SET NOT NULL;
ALTER DOMAIN positive_int ADD CONSTRAINT positive_int_small CHECK (VALUE < 100);
