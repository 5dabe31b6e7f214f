-- Materialized views: WITH [NO] DATA, unique index, REFRESH [CONCURRENTLY], rename,
-- rename column, set schema, storage options, CLUSTER ON, drop.
CREATE MATERIALIZED VIEW app.customer_stats AS
    SELECT c.id AS customer_id, count(o.id) AS orders, coalesce(sum(o.total_cents), 0) AS spent
    FROM app.customers c LEFT JOIN app.orders o ON o.customer_id = c.id
    GROUP BY c.id
WITH DATA;
CREATE UNIQUE INDEX customer_stats_customer_id_idx ON app.customer_stats (customer_id);
REFRESH MATERIALIZED VIEW app.customer_stats;
REFRESH MATERIALIZED VIEW CONCURRENTLY app.customer_stats;
CREATE MATERIALIZED VIEW app.product_names AS SELECT id, name FROM app.products WITH NO DATA;
REFRESH MATERIALIZED VIEW app.product_names WITH DATA;
CREATE MATERIALIZED VIEW IF NOT EXISTS app.product_names AS SELECT 1 AS x;
ALTER MATERIALIZED VIEW app.product_names RENAME COLUMN name TO product_name;
ALTER MATERIALIZED VIEW app.product_names RENAME TO product_labels;
ALTER MATERIALIZED VIEW app.product_labels SET SCHEMA reporting;
CREATE INDEX product_labels_name_idx ON reporting.product_labels (product_name);
ALTER MATERIALIZED VIEW reporting.product_labels CLUSTER ON product_labels_name_idx;
ALTER MATERIALIZED VIEW reporting.product_labels SET (fillfactor = 90);
ALTER MATERIALIZED VIEW app.customer_stats ALTER COLUMN spent SET STATISTICS 100;
CREATE MATERIALIZED VIEW app.tmp_mv AS SELECT 1 AS one;
DROP MATERIALIZED VIEW app.tmp_mv;
DROP MATERIALIZED VIEW IF EXISTS app.tmp_mv;
COMMENT ON MATERIALIZED VIEW app.customer_stats IS 'refreshed nightly';
