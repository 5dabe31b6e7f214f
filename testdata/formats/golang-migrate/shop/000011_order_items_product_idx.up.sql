-- Alone in its file: golang-migrate sends the file as one query, and
-- CONCURRENTLY cannot run in the implicit transaction of several statements.
CREATE INDEX CONCURRENTLY order_items_product_id_idx ON order_items (product_id);
