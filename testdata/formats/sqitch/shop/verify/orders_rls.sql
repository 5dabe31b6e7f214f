-- Verify shop:orders_rls on pg

BEGIN;

SELECT 1;

ROLLBACK;
