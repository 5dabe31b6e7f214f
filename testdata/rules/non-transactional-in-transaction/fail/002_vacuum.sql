VACUUM ANALYZE customers;
