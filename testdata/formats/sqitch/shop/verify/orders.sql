-- Verify shop:orders on pg

BEGIN;

SELECT 1;

ROLLBACK;
