-- airlock:transaction off
VACUUM FULL customers;
