-- Revert shop:order-totals from pg

BEGIN;

DROP VIEW order_totals;

COMMIT;
