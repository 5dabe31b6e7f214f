ALTER TABLE customers ADD COLUMN seq bigint;
