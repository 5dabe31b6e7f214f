-- +goose NO TRANSACTION
-- +goose Up
-- goose sends each statement on its own, outside any transaction.
CREATE INDEX CONCURRENTLY order_items_product_id_idx ON order_items (product_id);
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);

-- +goose Down
DROP INDEX CONCURRENTLY orders_created_at_idx;
DROP INDEX CONCURRENTLY order_items_product_id_idx;
