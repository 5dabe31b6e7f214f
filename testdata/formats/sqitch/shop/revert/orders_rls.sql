-- Revert shop:orders_rls from pg

BEGIN;

DROP POLICY orders_customer_isolation ON orders;
ALTER TABLE orders DISABLE ROW LEVEL SECURITY;

COMMIT;
