-- airlock:revision d6296060d983
-- airlock:parents e10ddc78f1fd
-- airlock:message row-level security on orders
-- airlock:up
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;

-- The storefront sets app.customer_id per request; it sees only its own orders.
CREATE POLICY orders_customer_isolation ON orders
    FOR ALL
    USING (customer_id = current_setting('app.customer_id', true)::bigint)
    WITH CHECK (customer_id = current_setting('app.customer_id', true)::bigint);

-- airlock:down
DROP POLICY orders_customer_isolation ON orders;
ALTER TABLE orders DISABLE ROW LEVEL SECURITY;
