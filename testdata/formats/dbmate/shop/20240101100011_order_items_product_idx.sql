-- migrate:up transaction:false
-- dbmate runs the section as one query: one statement, so no implicit transaction.
CREATE INDEX CONCURRENTLY order_items_product_id_idx ON order_items (product_id);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY order_items_product_id_idx;
