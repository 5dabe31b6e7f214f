BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 980be7f59a6d

CREATE TABLE customers (
    id BIGINT GENERATED ALWAYS AS IDENTITY, 
    email TEXT NOT NULL, 
    name TEXT NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    CONSTRAINT customers_pkey PRIMARY KEY (id), 
    CONSTRAINT customers_email_check CHECK (position('@' in email) > 1)
);

CREATE UNIQUE INDEX customers_email_key ON customers (lower(email));

INSERT INTO alembic_version (version_num) VALUES ('980be7f59a6d') RETURNING alembic_version.version_num;

-- Running upgrade 980be7f59a6d -> 504fd2840ae4

CREATE TABLE products (
    id BIGINT GENERATED ALWAYS AS IDENTITY, 
    sku VARCHAR(64) NOT NULL, 
    name TEXT NOT NULL, 
    description TEXT, 
    price_cents INTEGER NOT NULL, 
    active BOOLEAN DEFAULT true NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    CONSTRAINT products_pkey PRIMARY KEY (id), 
    CONSTRAINT products_price_cents_check CHECK (price_cents >= 0), 
    CONSTRAINT products_sku_key UNIQUE (sku)
);

UPDATE alembic_version SET version_num='504fd2840ae4' WHERE alembic_version.version_num = '980be7f59a6d';

-- Running upgrade 504fd2840ae4 -> e7dea3cb8ffa

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');

CREATE TABLE orders (
    id BIGINT GENERATED ALWAYS AS IDENTITY, 
    customer_id BIGINT NOT NULL, 
    status order_status DEFAULT 'pending' NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    CONSTRAINT orders_pkey PRIMARY KEY (id), 
    CONSTRAINT orders_customer_id_fkey FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE RESTRICT
);

CREATE INDEX ix_orders_customer_id ON orders (customer_id);

CREATE TABLE order_items (
    order_id BIGINT NOT NULL, 
    product_id BIGINT NOT NULL, 
    quantity INTEGER NOT NULL, 
    unit_price_cents INTEGER NOT NULL, 
    CONSTRAINT order_items_pkey PRIMARY KEY (order_id, product_id), 
    CONSTRAINT order_items_quantity_check CHECK (quantity > 0), 
    FOREIGN KEY(order_id) REFERENCES orders (id) ON DELETE CASCADE, 
    FOREIGN KEY(product_id) REFERENCES products (id)
);

UPDATE alembic_version SET version_num='e7dea3cb8ffa' WHERE alembic_version.version_num = '504fd2840ae4';

-- Running upgrade e7dea3cb8ffa -> f9880cc2beeb

CREATE FUNCTION "public"."set_updated_at"() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER "orders_set_updated_at" BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TRIGGER "products_set_updated_at" BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

UPDATE alembic_version SET version_num='f9880cc2beeb' WHERE alembic_version.version_num = 'e7dea3cb8ffa';

-- Running upgrade f9880cc2beeb -> 05178c99b472

ALTER TABLE customers ADD COLUMN phone TEXT;

COMMENT ON COLUMN customers.phone IS 'E.164, e.g. +31201234567';

UPDATE alembic_version SET version_num='05178c99b472' WHERE alembic_version.version_num = 'f9880cc2beeb';

-- Running upgrade f9880cc2beeb -> 596b0eefab50

CREATE VIEW "public"."order_totals" AS SELECT o.id AS order_id, o.customer_id, o.status, count(oi.product_id) AS item_count, coalesce(sum(oi.quantity * oi.unit_price_cents), 0) AS total_cents FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id GROUP BY o.id, o.customer_id, o.status;;

INSERT INTO alembic_version (version_num) VALUES ('596b0eefab50') RETURNING alembic_version.version_num;

-- Running upgrade 05178c99b472, 596b0eefab50 -> 73f5e86801a0

COMMENT ON VIEW order_totals IS 'one row per order: item count and total in cents';

DELETE FROM alembic_version WHERE alembic_version.version_num = '05178c99b472';

UPDATE alembic_version SET version_num='73f5e86801a0' WHERE alembic_version.version_num = '596b0eefab50';

-- Running upgrade 73f5e86801a0 -> 1a7ea01e4f59

ALTER TABLE customers RENAME name TO full_name;

UPDATE alembic_version SET version_num='1a7ea01e4f59' WHERE alembic_version.version_num = '73f5e86801a0';

-- Running upgrade 1a7ea01e4f59 -> 66ecfc17c417

ALTER TABLE products ALTER COLUMN price_cents TYPE BIGINT ;

UPDATE alembic_version SET version_num='66ecfc17c417' WHERE alembic_version.version_num = '1a7ea01e4f59';

-- Running upgrade 66ecfc17c417 -> e10ddc78f1fd

CREATE MATERIALIZED VIEW "public"."product_sales" AS SELECT p.id AS product_id,
       p.sku,
       coalesce(sum(oi.quantity), 0) AS units_sold,
       coalesce(sum(oi.quantity * oi.unit_price_cents), 0) AS revenue_cents
FROM products p
LEFT JOIN order_items oi ON oi.product_id = p.id
GROUP BY p.id, p.sku WITH  DATA;;

CREATE UNIQUE INDEX product_sales_product_id_key ON product_sales (product_id);

UPDATE alembic_version SET version_num='e10ddc78f1fd' WHERE alembic_version.version_num = '66ecfc17c417';

-- Running upgrade e10ddc78f1fd -> d6296060d983

ALTER TABLE orders ENABLE ROW LEVEL SECURITY;

CREATE POLICY orders_customer_isolation on public.orders AS PERMISSIVE
        FOR ALL
        USING (customer_id = current_setting('app.customer_id', true)::bigint)
        WITH CHECK (customer_id = current_setting('app.customer_id', true)::bigint);

UPDATE alembic_version SET version_num='d6296060d983' WHERE alembic_version.version_num = 'e10ddc78f1fd';

-- Running upgrade d6296060d983 -> 1ed129180dcc

COMMIT;

CREATE INDEX CONCURRENTLY order_items_product_id_idx ON order_items (product_id);

CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);

BEGIN;

UPDATE alembic_version SET version_num='1ed129180dcc' WHERE alembic_version.version_num = 'd6296060d983';

COMMIT;

