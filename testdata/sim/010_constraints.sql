-- Constraints: primary key, unique (NULLS NOT DISTINCT), foreign keys with every action and
-- MATCH FULL, check, exclusion, NOT VALID + VALIDATE, DEFERRABLE, RENAME, USING INDEX, DROP.
CREATE TABLE app.orders (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    customer_id  bigint NOT NULL,
    status       app.order_status NOT NULL DEFAULT 'pending',
    placed_at    timestamptz NOT NULL DEFAULT now(),
    total_cents  bigint NOT NULL DEFAULT 0,
    coupon       text,
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)
        REFERENCES app.customers (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT orders_total_check CHECK (total_cents >= 0)
);
CREATE TABLE app.order_lines (
    order_id    bigint NOT NULL REFERENCES app.orders ON DELETE CASCADE,
    line_no     integer NOT NULL,
    product_id  bigint REFERENCES app.products (id) ON DELETE SET NULL,
    quantity    integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, line_no)
);
CREATE TABLE app.shipments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     bigint,
    line_no      integer,
    carrier      text NOT NULL DEFAULT 'post',
    tracking     text,
    customer_id  bigint DEFAULT 0,
    CONSTRAINT shipments_line_fk FOREIGN KEY (order_id, line_no)
        REFERENCES app.order_lines (order_id, line_no) MATCH FULL ON DELETE SET NULL (line_no) ON UPDATE RESTRICT,
    CONSTRAINT shipments_customer_fk FOREIGN KEY (customer_id)
        REFERENCES app.customers ON DELETE SET DEFAULT ON UPDATE NO ACTION
);
ALTER TABLE app.shipments ADD CONSTRAINT shipments_tracking_key UNIQUE (tracking);
ALTER TABLE app.shipments ADD CONSTRAINT shipments_carrier_tracking_key UNIQUE NULLS NOT DISTINCT (carrier, tracking);
ALTER TABLE app.shipments ADD CONSTRAINT shipments_carrier_check CHECK (carrier <> '') NOT VALID;
ALTER TABLE app.shipments VALIDATE CONSTRAINT shipments_carrier_check;
ALTER TABLE app.orders ADD CONSTRAINT orders_coupon_check CHECK (coupon ~ '^[A-Z0-9]+$') NO INHERIT;
ALTER TABLE app.orders DROP CONSTRAINT orders_coupon_check;
ALTER TABLE app.orders DROP CONSTRAINT IF EXISTS orders_coupon_check;
ALTER TABLE app.order_lines ADD CONSTRAINT order_lines_product_fk2 FOREIGN KEY (product_id)
    REFERENCES app.products (id) ON DELETE RESTRICT NOT VALID;
ALTER TABLE app.order_lines VALIDATE CONSTRAINT order_lines_product_fk2;
ALTER TABLE app.order_lines DROP CONSTRAINT order_lines_product_fk2;
ALTER TABLE app.orders ADD CONSTRAINT orders_once_per_minute UNIQUE (customer_id, placed_at)
    DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE app.order_lines ADD CONSTRAINT order_lines_order_fk_deferred FOREIGN KEY (order_id)
    REFERENCES app.orders (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE app.order_lines ALTER CONSTRAINT order_lines_order_fk_deferred NOT DEFERRABLE;
ALTER TABLE app.orders RENAME CONSTRAINT orders_total_check TO orders_total_nonnegative;
CREATE TABLE app.reservations (
    id      bigint GENERATED ALWAYS AS IDENTITY,
    room    integer NOT NULL,
    during  tstzrange NOT NULL,
    CONSTRAINT reservations_no_overlap EXCLUDE USING gist (during WITH &&)
);
ALTER TABLE app.reservations ADD CONSTRAINT reservations_room_during_excl
    EXCLUDE USING gist (room WITH =, during WITH &&);
CREATE UNIQUE INDEX reservations_id_idx ON app.reservations (id);
ALTER TABLE app.reservations ADD CONSTRAINT reservations_pkey PRIMARY KEY USING INDEX reservations_id_idx;
CREATE UNIQUE INDEX customers_token_idx ON app.customers (token);
ALTER TABLE app.customers ADD CONSTRAINT customers_token_key UNIQUE USING INDEX customers_token_idx;
ALTER TABLE app.products ADD CONSTRAINT products_sku_key UNIQUE (sku);
ALTER TABLE app.products ADD PRIMARY KEY (id, sku), DROP CONSTRAINT products_pkey CASCADE;
ALTER TABLE app.products DROP CONSTRAINT products_pkey;
ALTER TABLE app.products ADD CONSTRAINT products_pkey PRIMARY KEY (id);
ALTER TABLE app.order_lines ADD CONSTRAINT order_lines_product_id_fkey FOREIGN KEY (product_id)
    REFERENCES app.products (id) ON DELETE SET NULL;
ALTER TABLE app.customers ADD UNIQUE (email);
ALTER TABLE app.customers ADD CHECK (age IS NULL OR age >= 0);
ALTER TABLE app.sessions ADD COLUMN customer_ref bigint
    CONSTRAINT sessions_customer_ref_fkey REFERENCES app.customers ON DELETE CASCADE;
ALTER TABLE app.empty_table ADD COLUMN id integer PRIMARY KEY, ADD COLUMN code text UNIQUE NOT NULL;
COMMENT ON CONSTRAINT orders_pkey ON app.orders IS 'surrogate key';
