-- Revert shop:set_updated_at from pg

BEGIN;

DROP TRIGGER products_set_updated_at ON products;
DROP TRIGGER orders_set_updated_at ON orders;
DROP FUNCTION set_updated_at();

COMMIT;
