ALTER TABLE customers ADD COLUMN nickname text;
ALTER TABLE orders ADD COLUMN coupon text;
