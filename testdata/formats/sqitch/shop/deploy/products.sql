-- Deploy shop:products from pg

BEGIN;

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    sku         text NOT NULL,
    name        text NOT NULL,
    description text,
    price_cents integer NOT NULL,
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT products_pkey PRIMARY KEY (id),
    CONSTRAINT products_sku_key UNIQUE (sku),
    CONSTRAINT products_price_cents_check CHECK (price_cents >= 0)
);

COMMIT;
