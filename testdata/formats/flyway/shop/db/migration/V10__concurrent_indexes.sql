-- Flyway sees CREATE INDEX CONCURRENTLY and runs this migration outside a
-- transaction, statement by statement.
CREATE INDEX CONCURRENTLY order_items_product_id_idx ON order_items (product_id);
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);
