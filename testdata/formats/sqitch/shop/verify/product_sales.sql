-- Verify shop:product_sales on pg

BEGIN;

SELECT 1;

ROLLBACK;
