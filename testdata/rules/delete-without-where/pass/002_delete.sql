DELETE FROM orders WHERE status = 'test';
-- airlock:down
DELETE FROM orders;
