-- Nullable and without a default: a catalog-only change, no table rewrite.
ALTER TABLE customers ADD COLUMN phone text;
