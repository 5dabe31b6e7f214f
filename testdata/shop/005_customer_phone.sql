-- airlock:revision 05178c99b472
-- airlock:parents f9880cc2beeb
-- airlock:message add customers.phone
-- airlock:up
-- Nullable and without a default: a catalog-only change, no table rewrite.
ALTER TABLE customers ADD COLUMN phone text;

-- airlock:down
ALTER TABLE customers DROP COLUMN phone;
