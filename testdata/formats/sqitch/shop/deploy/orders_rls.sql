-- Deploy shop:orders_rls from pg

BEGIN;

ALTER TABLE orders ENABLE ROW LEVEL SECURITY;

CREATE POLICY orders_customer_isolation ON orders
    FOR ALL
    USING (customer_id = current_setting('app.customer_id', true)::bigint)
    WITH CHECK (customer_id = current_setting('app.customer_id', true)::bigint);

COMMIT;
