ALTER TABLE orders ADD COLUMN price money;
