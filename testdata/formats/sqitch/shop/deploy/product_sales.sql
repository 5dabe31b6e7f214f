-- Deploy shop:product_sales from pg

BEGIN;

CREATE MATERIALIZED VIEW product_sales AS
SELECT p.id AS product_id,
       p.sku,
       coalesce(sum(oi.quantity), 0) AS units_sold,
       coalesce(sum(oi.quantity * oi.unit_price_cents), 0) AS revenue_cents
FROM products p
LEFT JOIN order_items oi ON oi.product_id = p.id
GROUP BY p.id, p.sku
WITH DATA;

CREATE UNIQUE INDEX product_sales_product_id_key ON product_sales (product_id);

COMMIT;
