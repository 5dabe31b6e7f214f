-- Verify shop:customers on pg

BEGIN;

SELECT id, email, name, created_at FROM customers WHERE FALSE;

ROLLBACK;
