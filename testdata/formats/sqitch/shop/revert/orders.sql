-- Revert shop:orders from pg

BEGIN;

DROP TABLE order_items;
DROP TABLE orders;

COMMIT;
