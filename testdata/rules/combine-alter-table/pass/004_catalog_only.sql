-- airlock:message several catalog-only ALTERs in one transaction
-- The first ALTER takes the AccessExclusiveLock and the transaction keeps it:
-- the later ones wait for nothing and do not read the table, so merging
-- them saves nothing.
ALTER TABLE orders ADD COLUMN channel text;
ALTER TABLE orders ALTER COLUMN channel SET DEFAULT 'web';
ALTER TABLE orders ADD COLUMN referrer text;
