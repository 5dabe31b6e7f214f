CREATE TABLE staging (id bigint PRIMARY KEY);
TRUNCATE staging CASCADE;
-- airlock:down
TRUNCATE orders, customers;
