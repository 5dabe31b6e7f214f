-- foreign tables (postgres_fdw): columns, defaults, checks, comments, ALTER,
-- foreign partitions (which get no index), DROP
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER archive FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'archive.internal', dbname 'archive');
CREATE USER MAPPING FOR CURRENT_USER SERVER archive OPTIONS (user 'reader');
CREATE FOREIGN TABLE archived_orders (
    id bigint NOT NULL,
    placed_at timestamp with time zone DEFAULT now(),
    total numeric(12,2) CHECK (total >= 0),
    note text OPTIONS (column_name 'remark') COLLATE "C"
) SERVER archive OPTIONS (schema_name 'public', table_name 'orders');
COMMENT ON FOREIGN TABLE archived_orders IS 'old orders';
COMMENT ON COLUMN archived_orders.total IS 'gross';
ALTER FOREIGN TABLE archived_orders ADD COLUMN status text;
ALTER FOREIGN TABLE archived_orders ALTER COLUMN status SET DEFAULT 'done';
ALTER FOREIGN TABLE archived_orders DROP COLUMN note;
CREATE TABLE orders (id bigint NOT NULL, placed_at date NOT NULL) PARTITION BY RANGE (placed_at);
CREATE TABLE orders_now PARTITION OF orders FOR VALUES FROM ('2024-01-01') TO (MAXVALUE);
CREATE FOREIGN TABLE orders_old PARTITION OF orders FOR VALUES FROM ('1990-01-01') TO ('2024-01-01') SERVER archive;
CREATE INDEX orders_placed ON orders (placed_at);
CREATE FOREIGN TABLE tmp_ft (a int) SERVER archive;
DROP FOREIGN TABLE tmp_ft;
CREATE VIEW recent_archived AS SELECT id, total FROM archived_orders WHERE placed_at > now() - interval '1 year';
CREATE INDEX orders_id ON orders (id);
CREATE FOREIGN TABLE orders_older PARTITION OF orders FOR VALUES FROM ('1900-01-01') TO ('1990-01-01') SERVER archive;
CREATE FOREIGN TABLE IF NOT EXISTS orders_now (a int) SERVER archive;
