-- Verify shop:order-totals on pg

BEGIN;

SELECT 1;

ROLLBACK;
