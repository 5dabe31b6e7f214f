-- Deploy shop:customers from pg

BEGIN;

CREATE TABLE customers (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    email      text NOT NULL,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customers_pkey PRIMARY KEY (id),
    CONSTRAINT customers_email_check CHECK (email LIKE '%_@_%')
);

-- Addresses are compared case-insensitively: one account per mailbox.
CREATE UNIQUE INDEX customers_email_key ON customers (lower(email));

COMMIT;
