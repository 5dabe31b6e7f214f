-- Verify shop:customer_phone on pg

BEGIN;

SELECT 1;

ROLLBACK;
