-- Revert shop:product_sales from pg

BEGIN;

DROP MATERIALIZED VIEW product_sales;

COMMIT;
