-- airlock:transaction off
ALTER TABLE customers ADD COLUMN timezone text;
UPDATE orders SET status = 'new' WHERE status IS NULL;
