ALTER TABLE customers ADD COLUMN nickname text;
-- added in the same revision: no running code uses it
ALTER TABLE customers DROP COLUMN nickname;
ALTER TABLE customers ADD COLUMN locale text;
-- airlock:down
ALTER TABLE customers DROP COLUMN locale;
