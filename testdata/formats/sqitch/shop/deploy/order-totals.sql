-- Deploy shop:order-totals from pg

BEGIN;

CREATE VIEW order_totals AS
SELECT o.id AS order_id,
       o.customer_id,
       o.status,
       count(oi.product_id) AS item_count,
       coalesce(sum(oi.quantity * oi.unit_price_cents), 0) AS total_cents
FROM orders o
LEFT JOIN order_items oi ON oi.order_id = o.id
GROUP BY o.id, o.customer_id, o.status;

COMMIT;
