-- Rewrites products under an ACCESS EXCLUSIVE lock; the table is small.
ALTER TABLE products ALTER COLUMN price_cents TYPE bigint;
