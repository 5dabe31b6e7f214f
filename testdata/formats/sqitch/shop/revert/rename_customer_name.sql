-- Revert shop:rename_customer_name from pg

BEGIN;

ALTER TABLE customers RENAME COLUMN full_name TO name;

COMMIT;
