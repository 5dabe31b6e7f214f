-- airlock:transaction off
BEGIN;
DROP INDEX CONCURRENTLY orders_customer_id_idx;
COMMIT;
