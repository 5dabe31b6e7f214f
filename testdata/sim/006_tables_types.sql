-- Tables with a column of every type family a migration uses.
CREATE TABLE app.customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       app.email NOT NULL,
    name        text NOT NULL,
    nickname    varchar(40),
    country     char(2) NOT NULL DEFAULT 'NL',
    active      boolean NOT NULL DEFAULT true,
    age         smallint,
    visits      integer NOT NULL DEFAULT 0,
    lifetime    bigint,
    balance     numeric(12, 2) NOT NULL DEFAULT 0.00,
    ratio       numeric,
    score       real,
    weight      double precision,
    born_on     date,
    wakes_at    time,
    wakes_at_tz time with time zone,
    seen_at     timestamp,
    created_at  timestamptz NOT NULL DEFAULT now(),
    trial       interval DEFAULT '14 days',
    token       uuid NOT NULL DEFAULT gen_random_uuid(),
    prefs       json,
    attrs       jsonb NOT NULL DEFAULT '{}',
    avatar      bytea,
    tags        text[] NOT NULL DEFAULT '{}',
    matrix      integer[][],
    status      app.order_status NOT NULL DEFAULT 'pending',
    home        app.address,
    ip          inet,
    flags       bit(8),
    search      tsvector,
    stay        tstzrange
);
CREATE TABLE IF NOT EXISTS app.customers (id integer);
CREATE TABLE app.products (
    id          bigserial PRIMARY KEY,
    sku         varchar(32) NOT NULL,
    name        text NOT NULL,
    price       app.money_cents NOT NULL,
    stock       app.positive_int,
    created_at  timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNLOGGED TABLE app.sessions (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id bigint,
    data       jsonb,
    expires_at timestamptz NOT NULL DEFAULT now() + interval '1 hour'
);
CREATE TABLE app.products_archive (LIKE app.products INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
CREATE TABLE app.customers_copy (LIKE app.customers INCLUDING ALL);
CREATE TABLE app.addresses OF app.address;
CREATE TABLE app.customer_emails AS SELECT id, email FROM app.customers WITH NO DATA;
CREATE TABLE app.empty_table ();
COMMENT ON TABLE app.customers IS 'people who buy';
