-- the validated check proves it: no scan (PostgreSQL 12+)
ALTER TABLE customers ALTER COLUMN name SET NOT NULL;
ALTER TABLE customers DROP CONSTRAINT customers_name_nn;
-- already NOT NULL: nothing to do
ALTER TABLE customers ALTER COLUMN email SET NOT NULL;
