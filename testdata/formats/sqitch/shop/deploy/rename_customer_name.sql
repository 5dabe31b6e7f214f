-- Deploy shop:rename_customer_name from pg

BEGIN;

ALTER TABLE customers RENAME COLUMN name TO full_name;

COMMIT;
