-- Views: CREATE, OR REPLACE appending columns, column lists, options, CHECK OPTION,
-- RECURSIVE, views on views, RENAME, RENAME COLUMN, SET SCHEMA, defaults, DROP.
CREATE VIEW app.active_customers AS
    SELECT id, email, name FROM app.customers WHERE active;
CREATE OR REPLACE VIEW app.active_customers AS
    SELECT id, email, name, country, created_at FROM app.customers WHERE active;
CREATE VIEW app.order_totals (order_id, customer_id, line_count) AS
    SELECT o.id, o.customer_id, count(l.line_no)
    FROM app.orders o LEFT JOIN app.order_lines l ON l.order_id = o.id
    GROUP BY o.id, o.customer_id;
CREATE VIEW app.dutch_customers AS
    SELECT id, email, name, country FROM app.active_customers WHERE country = 'NL'
    WITH LOCAL CHECK OPTION;
CREATE VIEW app.secure_orders WITH (security_barrier = true, security_invoker = true) AS
    SELECT id, customer_id, status FROM app.orders;
ALTER VIEW app.secure_orders SET (security_barrier = false);
ALTER VIEW app.secure_orders RESET (security_barrier);
CREATE RECURSIVE VIEW app.countdown (n) AS
    SELECT 10 UNION ALL SELECT n - 1 FROM countdown WHERE n > 1;
CREATE VIEW app.customer_names AS SELECT id, name AS full_name FROM app.customers;
ALTER VIEW app.customer_names RENAME COLUMN full_name TO display_name;
ALTER TABLE app.customer_names RENAME COLUMN display_name TO shown_name;
ALTER VIEW app.customer_names RENAME TO customer_labels;
ALTER VIEW app.customer_labels SET SCHEMA reporting;
ALTER VIEW app.dutch_customers ALTER COLUMN country SET DEFAULT 'NL';
ALTER VIEW app.dutch_customers ALTER COLUMN country DROP DEFAULT;
ALTER VIEW app.dutch_customers OWNER TO postgres;
CREATE VIEW app.tmp_view AS SELECT 1 AS one;
DROP VIEW app.tmp_view;
DROP VIEW IF EXISTS app.tmp_view;
CREATE VIEW app.tmp_base AS SELECT id FROM app.customers;
CREATE VIEW app.tmp_child AS SELECT id FROM app.tmp_base;
DROP VIEW app.tmp_base CASCADE;
CREATE OR REPLACE VIEW app.order_totals (order_id, customer_id, line_count, total_cents) AS
    SELECT o.id, o.customer_id, count(l.line_no), o.total_cents
    FROM app.orders o LEFT JOIN app.order_lines l ON l.order_id = o.id
    GROUP BY o.id, o.customer_id;
COMMENT ON VIEW app.order_totals IS 'lines per order';
COMMENT ON COLUMN app.order_totals.line_count IS 'number of lines';
