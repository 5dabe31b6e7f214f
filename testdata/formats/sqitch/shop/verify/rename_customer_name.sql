-- Verify shop:rename_customer_name on pg

BEGIN;

SELECT 1;

ROLLBACK;
