-- Revert shop:customer_phone from pg

BEGIN;

ALTER TABLE customers DROP COLUMN phone;

COMMIT;
