ALTER TABLE customers ADD COLUMN nickname text;
UPDATE orders SET status = 'new' WHERE status IS NULL;
ALTER TABLE orders ADD COLUMN coupon text;
