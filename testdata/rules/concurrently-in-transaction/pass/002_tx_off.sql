-- airlock:transaction off
CREATE INDEX CONCURRENTLY customers_name_idx ON customers (name);
DROP INDEX CONCURRENTLY orders_customer_id_idx;
