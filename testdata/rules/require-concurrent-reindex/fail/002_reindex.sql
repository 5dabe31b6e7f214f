REINDEX INDEX orders_customer_id_idx;
REINDEX TABLE customers;
