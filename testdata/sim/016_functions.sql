-- Functions: SQL and PL/pgSQL, overloads, volatility, strictness, SECURITY DEFINER, SET,
-- RETURNS TABLE / SETOF, OUT/INOUT/VARIADIC/DEFAULT args, OR REPLACE, ALTER, DROP.
CREATE FUNCTION app.add_tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT amount * 1.21';
CREATE FUNCTION app.add_tax(amount numeric, rate numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT amount * (1 + rate) $$;
CREATE FUNCTION app.add_tax(amount bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    RETURN amount * 121 / 100;
CREATE FUNCTION app.customer_orders(p_customer bigint)
    RETURNS TABLE (order_id bigint, placed_at timestamptz, total_cents bigint)
    LANGUAGE sql STABLE
AS $$
    SELECT id, placed_at, total_cents FROM app.orders WHERE customer_id = p_customer;
$$;
CREATE FUNCTION app.open_orders() RETURNS SETOF app.orders
    LANGUAGE sql STABLE
AS $$
    SELECT * FROM app.orders WHERE status IN ('pending', 'paid');
$$;
CREATE FUNCTION app.split_name(full_name text, OUT first_name text, OUT last_name text)
    LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    first_name := split_part(full_name, ' ', 1);
    last_name := substr(full_name, length(first_name) + 2);
END;
$$;
CREATE FUNCTION app.sum_all(VARIADIC nums integer[]) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS 'SELECT sum(n) FROM unnest(nums) AS n';
CREATE FUNCTION app.greeting(who text DEFAULT 'world', punct text = '!') RETURNS text
    LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN format('hello, %s%s', who, punct);
END;
$$;
CREATE FUNCTION app.bump(INOUT counter integer) LANGUAGE sql AS 'SELECT counter + 1';
CREATE FUNCTION app.next_invoice_no() RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer;
BEGIN
    SELECT nextval('billing.invoice_id_seq') INTO n;
    RETURN n;
END;
$$;
CREATE OR REPLACE FUNCTION app.greeting(who text DEFAULT 'world', punct text = '!') RETURNS text
    LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN format('hi, %s%s', who, punct);
END;
$$;
CREATE OR REPLACE FUNCTION app.add_tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10
    AS 'SELECT round(amount * 1.21, 2)';
ALTER FUNCTION app.add_tax(numeric, numeric) RENAME TO add_tax_rate;
ALTER FUNCTION app.add_tax_rate(numeric, numeric) STABLE;
ALTER FUNCTION app.add_tax_rate(numeric, numeric) IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION app.sum_all SET SCHEMA billing;
ALTER FUNCTION app.next_invoice_no() SET statement_timeout = '5s';
ALTER FUNCTION app.next_invoice_no() RESET statement_timeout;
ALTER FUNCTION app.next_invoice_no() SECURITY INVOKER;
ALTER FUNCTION app.greeting(text, text) OWNER TO postgres;
ALTER FUNCTION app.bump(integer) CALLED ON NULL INPUT;
CREATE FUNCTION app.tmp_fn(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION app.tmp_fn(text) RETURNS text LANGUAGE sql AS 'SELECT $1';
DROP FUNCTION app.tmp_fn(integer);
DROP FUNCTION app.tmp_fn;
DROP FUNCTION IF EXISTS app.tmp_fn(integer);
SELECT app.add_tax(100::numeric);
COMMENT ON FUNCTION app.add_tax(numeric) IS 'price with 21% VAT';
