-- airlock:transaction off
CREATE UNIQUE INDEX CONCURRENTLY customers_email_key ON customers (email);
