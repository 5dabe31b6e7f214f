-- only records the index for a later CLUSTER
ALTER TABLE orders CLUSTER ON orders_customer_id_idx;
CREATE TABLE scratch (id bigint PRIMARY KEY);
CLUSTER scratch USING scratch_pkey;
