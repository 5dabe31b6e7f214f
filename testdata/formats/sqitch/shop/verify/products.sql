-- Verify shop:products on pg

BEGIN;

SELECT 1;

ROLLBACK;
