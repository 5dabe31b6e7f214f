SET search_path = shop;
CREATE OR REPLACE FUNCTION order_total(p_order_id bigint) RETURNS numeric
  LANGUAGE sql STABLE AS $$ SELECT total FROM shop.orders WHERE id = p_order_id $$;
CREATE FUNCTION add(a integer, b integer DEFAULT 1) RETURNS integer IMMUTABLE STRICT LANGUAGE sql AS 'SELECT a + b';
CREATE FUNCTION customer_orders(cid int) RETURNS TABLE (order_id bigint, total numeric) LANGUAGE sql AS $$ SELECT id, total FROM shop.orders WHERE customer_id = cid $$;
CREATE FUNCTION all_ids() RETURNS SETOF integer LANGUAGE sql AS $$ SELECT id FROM shop.customers $$;
CREATE FUNCTION stats(OUT n bigint, OUT m numeric) LANGUAGE sql AS $$ SELECT count(*), max(total) FROM shop.orders $$;
CREATE FUNCTION secure_fn() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = shop, pg_temp AS $$ BEGIN PERFORM 1; END $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.shipped := now(); RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state AND NEW.state = 'shipped') EXECUTE FUNCTION touch();
CREATE PROCEDURE archive_old(days integer DEFAULT 90) LANGUAGE plpgsql AS $$ BEGIN DELETE FROM shop.orders WHERE placed < now() - make_interval(days => days); END $$;
CREATE VIEW customer_summary AS
  WITH o AS (SELECT customer_id, count(*) AS n, sum(total) AS spent FROM orders GROUP BY customer_id)
  SELECT c.id, c.email, (c.shipping).city AS city, coalesce(o.n, 0) AS orders, coalesce(o.spent, 0::numeric) AS spent,
         CASE WHEN c.vip THEN 'vip' ELSE 'regular' END AS tier,
         rank() OVER (ORDER BY o.spent DESC NULLS LAST) AS spend_rank,
         c.created::date AS since, extract(year FROM c.created) AS year, 'x' AS const_col, 42 AS answer, now() - c.tz_created AS age
  FROM customers c LEFT JOIN o ON o.customer_id = c.id;
CREATE VIEW all_names AS SELECT email::text AS name FROM customers UNION SELECT kind FROM events;
CREATE VIEW nested AS SELECT * FROM (SELECT id, state, total * 1.21 AS gross FROM orders) s WHERE gross > 10;
CREATE VIEW joined AS SELECT * FROM regions r JOIN (SELECT code, name AS n2 FROM regions_eu) e USING (code);
CREATE OR REPLACE VIEW nested AS SELECT * FROM (SELECT id, state, total * 1.21 AS gross FROM orders) s WHERE gross > 10;
ALTER TABLE customers ADD COLUMN tier text DEFAULT 'basic';
ALTER TABLE customers ALTER COLUMN tier SET NOT NULL;
ALTER TABLE customers ADD CONSTRAINT tier_chk CHECK (tier IN ('basic', 'gold')) NOT VALID;
ALTER TABLE customers VALIDATE CONSTRAINT tier_chk;
ALTER TABLE orders ADD COLUMN notes varchar(500);
ALTER TABLE customers RENAME TO clients;
ALTER TABLE clients RENAME COLUMN notes TO remarks;
ALTER INDEX customers_pkey RENAME TO clients_pk;
CREATE POLICY own_orders ON orders USING (customer_id = current_setting('app.cid')::int) WITH CHECK (total < 10000);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
COMMENT ON FUNCTION add(integer, integer) IS 'adds';
COMMENT ON VIEW customer_summary IS 'per customer';
COMMENT ON TYPE order_state IS 'lifecycle';
COMMENT ON DOMAIN positive_amount IS '> 0';
DROP VIEW joined;
CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v bytea, expires timestamptz) WITH (fillfactor = 90);
CREATE TABLE child_note (id serial, note text) INHERITS (clients);
