ALTER TABLE orders ADD COLUMN archived_at timestamptz;
UPDATE orders SET archived_at = now() WHERE status = 'cancelled';
