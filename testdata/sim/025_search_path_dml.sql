-- search_path (SET, set_config as pg_dump emits it), unqualified names, and data changes
-- migrations make: INSERT [SELECT / ON CONFLICT / RETURNING], UPDATE [FROM], DELETE [USING].
SET search_path TO app, public;
CREATE TABLE coupons (
    code       text PRIMARY KEY,
    percent    integer NOT NULL CHECK (percent BETWEEN 1 AND 100),
    valid_till date
);
CREATE INDEX coupons_valid_till_idx ON coupons (valid_till);
INSERT INTO customers (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob');
INSERT INTO coupons (code, percent) VALUES ('WELCOME', 10), ('VIP', 25);
INSERT INTO coupons (code, percent) VALUES ('WELCOME', 15)
    ON CONFLICT (code) DO UPDATE SET percent = excluded.percent;
INSERT INTO coupons (code, percent) VALUES ('VIP', 30) ON CONFLICT DO NOTHING;
INSERT INTO orders (customer_id, total_cents)
    SELECT id, 1000 FROM customers WHERE email = 'ann@example.com'
    RETURNING id;
UPDATE orders SET coupon = 'WELCOME' WHERE total_cents > 500;
UPDATE orders o SET total_cents = o.total_cents * (100 - c.percent) / 100
    FROM coupons c WHERE c.code = o.coupon;
DELETE FROM coupons WHERE valid_till < CURRENT_DATE;
DELETE FROM coupons c USING orders o WHERE o.coupon = c.code AND o.status = 'cancelled';
WITH moved AS (DELETE FROM sessions WHERE expires_at < now() RETURNING id)
    SELECT count(*) FROM moved;
SET search_path = billing;
CREATE TABLE payments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id  integer NOT NULL REFERENCES invoices (id),
    paid_at     timestamptz NOT NULL DEFAULT now()
);
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.settings (key text PRIMARY KEY, value text NOT NULL);
RESET search_path;
SET LOCAL lock_timeout = '5s';
SET statement_timeout = 0;
INSERT INTO settings VALUES ('schema_version', '25');
