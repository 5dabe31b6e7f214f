ALTER TABLE orders ADD COLUMN price numeric(12,2);
