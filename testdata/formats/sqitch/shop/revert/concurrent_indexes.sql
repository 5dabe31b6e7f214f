-- Revert shop:concurrent_indexes from pg

DROP INDEX CONCURRENTLY orders_created_at_idx;
DROP INDEX CONCURRENTLY order_items_product_id_idx;
