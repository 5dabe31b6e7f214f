-- airlock:revision 66ecfc17c417
-- airlock:parents 1a7ea01e4f59
-- airlock:message widen products.price_cents to bigint
-- airlock:up
-- Rewrites products under an ACCESS EXCLUSIVE lock; the table is small (a few
-- thousand rows), so the rewrite takes milliseconds: reviewed and accepted.
-- airlock:ignore changing-column-type
ALTER TABLE products ALTER COLUMN price_cents TYPE bigint;

-- airlock:down
-- airlock:ignore changing-column-type
ALTER TABLE products ALTER COLUMN price_cents TYPE integer;
