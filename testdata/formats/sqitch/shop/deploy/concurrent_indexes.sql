-- Deploy shop:concurrent_indexes to pg
-- No BEGIN/COMMIT: CREATE INDEX CONCURRENTLY cannot run inside a transaction
-- block, so psql runs each statement on its own.
\set ON_ERROR_STOP on

CREATE INDEX CONCURRENTLY order_items_product_id_idx ON order_items (product_id);
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);
