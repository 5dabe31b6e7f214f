-- airlock:transaction off
CREATE UNIQUE INDEX CONCURRENTLY legacy_code_key ON legacy (code);
