-- Row-level security: ENABLE/FORCE/NO FORCE/DISABLE, policies for each command, roles
-- (PUBLIC, postgres, CURRENT_USER), PERMISSIVE/RESTRICTIVE, ALTER POLICY, DROP POLICY.
ALTER TABLE app.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.orders FORCE ROW LEVEL SECURITY;
ALTER TABLE app.orders NO FORCE ROW LEVEL SECURITY;
CREATE POLICY orders_own ON app.orders
    USING (customer_id = current_setting('app.customer_id', true)::bigint);
CREATE POLICY orders_insert ON app.orders AS PERMISSIVE FOR INSERT TO PUBLIC
    WITH CHECK (customer_id = current_setting('app.customer_id', true)::bigint);
CREATE POLICY orders_update ON app.orders FOR UPDATE TO postgres
    USING (status <> 'shipped') WITH CHECK (total_cents >= 0);
CREATE POLICY orders_delete ON app.orders FOR DELETE TO CURRENT_USER USING (status = 'draft');
CREATE POLICY orders_select_recent ON app.orders FOR SELECT TO postgres, CURRENT_ROLE
    USING (placed_at > now() - interval '1 year');
CREATE POLICY orders_not_cancelled ON app.orders AS RESTRICTIVE FOR ALL
    USING (status <> 'cancelled');
ALTER POLICY orders_own ON app.orders RENAME TO orders_owner;
ALTER POLICY orders_update ON app.orders TO PUBLIC;
ALTER POLICY orders_update ON app.orders USING (status NOT IN ('shipped', 'refunded'));
ALTER POLICY orders_update ON app.orders WITH CHECK (total_cents >= 0 AND customer_id > 0);
ALTER TABLE app.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY customers_self ON app.customers FOR SELECT
    USING (id = current_setting('app.customer_id', true)::bigint);
DROP POLICY customers_self ON app.customers;
DROP POLICY IF EXISTS customers_self ON app.customers;
ALTER TABLE app.customers DISABLE ROW LEVEL SECURITY;
ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
COMMENT ON POLICY orders_owner ON app.orders IS 'customers see their own orders';
