-- airlock:transaction off
VACUUM ANALYZE customers;
