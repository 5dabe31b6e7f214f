ALTER TABLE customers ADD COLUMN nickname text;
-- airlock:down
ALTER TABLE customers DROP COLUMN nickname;
