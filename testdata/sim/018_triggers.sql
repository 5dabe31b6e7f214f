-- Triggers: BEFORE/AFTER/INSTEAD OF, INSERT/UPDATE [OF]/DELETE/TRUNCATE, ROW/STATEMENT,
-- WHEN, transition tables, constraint triggers, OR REPLACE, rename, enable/disable, drop.
CREATE FUNCTION app.touch_row() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.placed_at := now();
    RETURN NEW;
END;
$$;
CREATE FUNCTION app.log_statement() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE NOTICE '% on %', TG_OP, TG_TABLE_NAME;
    RETURN NULL;
END;
$$;
CREATE FUNCTION app.count_new_rows() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE NOTICE '% rows', (SELECT count(*) FROM new_rows);
    RETURN NULL;
END;
$$;
CREATE FUNCTION app.order_totals_insert() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'order_totals is read-only';
END;
$$;
CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON app.orders
    FOR EACH ROW EXECUTE FUNCTION app.touch_row();
CREATE TRIGGER orders_status_change BEFORE UPDATE OF status ON app.orders
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION app.touch_row();
CREATE TRIGGER orders_audit AFTER INSERT OR UPDATE OR DELETE ON app.orders
    FOR EACH STATEMENT EXECUTE FUNCTION app.log_statement();
CREATE TRIGGER orders_truncate AFTER TRUNCATE ON app.orders
    EXECUTE PROCEDURE app.log_statement();
CREATE TRIGGER order_lines_bulk AFTER INSERT ON app.order_lines
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION app.count_new_rows();
CREATE TRIGGER order_totals_insert INSTEAD OF INSERT ON app.order_totals
    FOR EACH ROW EXECUTE FUNCTION app.order_totals_insert();
CREATE CONSTRAINT TRIGGER shipments_check AFTER INSERT OR UPDATE ON app.shipments
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION app.log_statement();
CREATE OR REPLACE TRIGGER orders_audit AFTER INSERT OR DELETE ON app.orders
    FOR EACH STATEMENT EXECUTE FUNCTION app.log_statement();
ALTER TRIGGER orders_audit ON app.orders RENAME TO orders_statement_log;
ALTER TABLE app.orders DISABLE TRIGGER orders_statement_log;
ALTER TABLE app.orders ENABLE TRIGGER orders_statement_log;
ALTER TABLE app.orders ENABLE REPLICA TRIGGER orders_truncate;
ALTER TABLE app.orders ENABLE ALWAYS TRIGGER orders_truncate;
ALTER TABLE app.order_lines DISABLE TRIGGER USER;
ALTER TABLE app.order_lines ENABLE TRIGGER USER;
ALTER TABLE app.shipments DISABLE TRIGGER ALL;
ALTER TABLE app.shipments ENABLE TRIGGER ALL;
CREATE TRIGGER tmp_trigger AFTER UPDATE ON app.products
    FOR EACH ROW EXECUTE FUNCTION app.log_statement();
DROP TRIGGER tmp_trigger ON app.products;
DROP TRIGGER IF EXISTS tmp_trigger ON app.products;
COMMENT ON TRIGGER orders_touch ON app.orders IS 'keeps placed_at current';
