-- Procedures (SQL and PL/pgSQL), CALL, OR REPLACE, ALTER, DROP, and DO blocks.
CREATE PROCEDURE app.archive_product(p_id bigint)
    LANGUAGE sql
AS $$
    INSERT INTO app.products_archive (id, sku, name, price, stock, created_at)
    SELECT id, sku, name, price, stock, created_at FROM app.products WHERE id = p_id;
$$;
CREATE PROCEDURE app.close_stale_orders(cutoff interval DEFAULT '30 days')
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE app.orders SET status = 'cancelled'
    WHERE status = 'pending' AND placed_at < now() - cutoff;
END;
$$;
CALL app.close_stale_orders();
CALL app.archive_product(1);
CREATE OR REPLACE PROCEDURE app.close_stale_orders(cutoff interval DEFAULT '60 days')
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE app.orders SET status = 'cancelled'
    WHERE status IN ('pending', 'draft') AND placed_at < now() - cutoff;
END;
$$;
ALTER PROCEDURE app.archive_product(bigint) RENAME TO archive_one_product;
ALTER PROCEDURE app.archive_one_product(bigint) SET search_path = app, public;
ALTER PROCEDURE app.archive_one_product(bigint) SET SCHEMA billing;
CREATE PROCEDURE app.tmp_proc() LANGUAGE sql AS 'SELECT 1';
DROP PROCEDURE app.tmp_proc();
DROP PROCEDURE IF EXISTS app.tmp_proc();
DO $$
BEGIN
    -- Data only: a DO block's catalog effects could not be known without running it.
    IF EXISTS (SELECT 1 FROM app.products WHERE stock IS NULL) THEN
        UPDATE app.products SET stock = 1 WHERE stock IS NULL;
    END IF;
END
$$;
DO LANGUAGE plpgsql $do$
BEGIN
    RAISE NOTICE 'corpus at %', now();
END
$do$;
COMMENT ON PROCEDURE app.close_stale_orders(interval) IS 'nightly clean-up';
