-- airlock:revision 1ed129180dcc
-- airlock:parents d6296060d983
-- airlock:message index order_items.product_id and orders.created_at
-- airlock:transaction off
-- airlock:up
-- CONCURRENTLY cannot run inside a transaction block; each statement commits alone.
CREATE INDEX CONCURRENTLY order_items_product_id_idx ON order_items (product_id);
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);

-- airlock:down
DROP INDEX CONCURRENTLY orders_created_at_idx;
DROP INDEX CONCURRENTLY order_items_product_id_idx;
