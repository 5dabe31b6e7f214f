ALTER TABLE customers ADD COLUMN nickname text, ADD COLUMN locale text;
ALTER TABLE orders ADD COLUMN coupon text;
