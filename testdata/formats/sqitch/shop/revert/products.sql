-- Revert shop:products from pg

BEGIN;

DROP TABLE products;

COMMIT;
