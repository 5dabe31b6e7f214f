-- Renames and drops that ripple through dependents: views, FKs, indexes, triggers,
-- policies and owned sequences follow a rename; CASCADE removes what depends.
ALTER TABLE app.order_lines RENAME TO order_items;
ALTER TABLE app.order_items RENAME COLUMN line_no TO position;
ALTER TABLE app.customers RENAME COLUMN name TO full_name;
ALTER TABLE app.tally SET SCHEMA billing;
ALTER TABLE app.products RENAME COLUMN sku TO stock_code;
ALTER FUNCTION app.touch_row() RENAME TO touch_placed_at;
ALTER FUNCTION app.split_name(text) SET SCHEMA billing;
ALTER TABLE app.orders ALTER COLUMN coupon TYPE varchar(32);
CREATE VIEW app.customer_emails_v AS SELECT id, email, lifetime FROM app.customers;
ALTER TABLE app.customers DROP COLUMN lifetime CASCADE;
CREATE FUNCTION app.tmp_trigger_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER tmp_trigger BEFORE INSERT ON app.products FOR EACH ROW EXECUTE FUNCTION app.tmp_trigger_fn();
DROP FUNCTION app.tmp_trigger_fn() CASCADE;
CREATE TYPE app.tmp_kind AS ENUM ('x', 'y');
CREATE TABLE app.tmp_kinds (id integer, kind app.tmp_kind);
DROP TYPE app.tmp_kind CASCADE;
DROP TABLE app.tmp_kinds;
CREATE DOMAIN app.tmp_dom AS integer;
CREATE TABLE app.tmp_doms (id integer, d app.tmp_dom);
DROP DOMAIN app.tmp_dom CASCADE;
DROP TABLE app.tmp_doms;
ALTER TABLE app.reservations DROP COLUMN room CASCADE;
DROP INDEX app.customers_name_trgm_idx, app.customers_nickname_trgm_gist_idx;
DROP VIEW app.countdown, app.secure_orders;
DROP MATERIALIZED VIEW reporting.product_labels CASCADE;
DROP SCHEMA reporting CASCADE;
