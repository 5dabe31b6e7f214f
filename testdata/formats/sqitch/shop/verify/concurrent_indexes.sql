-- Verify shop:concurrent_indexes on pg

BEGIN;

SELECT 1;

ROLLBACK;
