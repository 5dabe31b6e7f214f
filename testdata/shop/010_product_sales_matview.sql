-- airlock:revision e10ddc78f1fd
-- airlock:parents 66ecfc17c417
-- airlock:message materialized view of product sales
-- airlock:up
CREATE MATERIALIZED VIEW product_sales AS
SELECT p.id AS product_id,
       p.sku,
       coalesce(sum(oi.quantity), 0) AS units_sold,
       coalesce(sum(oi.quantity * oi.unit_price_cents), 0) AS revenue_cents
FROM products p
LEFT JOIN order_items oi ON oi.product_id = p.id
GROUP BY p.id, p.sku
WITH DATA;

-- REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index.
CREATE UNIQUE INDEX product_sales_product_id_key ON product_sales (product_id);

-- airlock:down
DROP MATERIALIZED VIEW product_sales;
