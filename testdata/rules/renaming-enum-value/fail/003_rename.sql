ALTER TYPE order_state RENAME VALUE 'paid' TO 'settled';
