ALTER TABLE customers ADD COLUMN nickname text;
ALTER TABLE customers ADD COLUMN locale text;
COMMENT ON COLUMN customers.nickname IS 'shown in the header';
