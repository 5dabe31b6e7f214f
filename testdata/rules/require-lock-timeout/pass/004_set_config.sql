SELECT set_config('lock_timeout', '1s', false);
ALTER TABLE orders ADD COLUMN channel text;
