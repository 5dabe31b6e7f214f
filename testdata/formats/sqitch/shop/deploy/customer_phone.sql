-- Deploy shop:customer_phone from pg

BEGIN;

-- Nullable and without a default: a catalog-only change, no table rewrite.
ALTER TABLE customers ADD COLUMN phone text;
COMMENT ON COLUMN customers.phone IS 'E.164, e.g. +31201234567';

COMMIT;
