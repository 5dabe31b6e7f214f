-- airlock:transaction off
VACUUM customers;
VACUUM (ANALYZE) orders;
CREATE TABLE scratch (id bigint PRIMARY KEY);
VACUUM FULL scratch;
