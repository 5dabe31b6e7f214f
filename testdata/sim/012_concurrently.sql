-- airlock:transaction off
-- Statements that cannot run inside a transaction block: each one commits alone.
CREATE INDEX CONCURRENTLY order_lines_product_id_idx ON app.order_lines (product_id);
CREATE UNIQUE INDEX CONCURRENTLY shipments_order_line_idx ON app.shipments (order_id, line_no);
CREATE INDEX CONCURRENTLY IF NOT EXISTS order_lines_product_id_idx ON app.order_lines (product_id);
CREATE INDEX CONCURRENTLY tmp_concurrent_idx ON app.shipments (carrier);
DROP INDEX CONCURRENTLY app.tmp_concurrent_idx;
DROP INDEX CONCURRENTLY IF EXISTS app.tmp_concurrent_idx;
REINDEX INDEX CONCURRENTLY app.order_lines_product_id_idx;
ALTER TABLE app.shipments ADD CONSTRAINT shipments_order_line_key UNIQUE USING INDEX shipments_order_line_idx;
VACUUM (ANALYZE) app.products;
