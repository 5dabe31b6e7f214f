-- airlock:transaction off
CREATE UNIQUE INDEX CONCURRENTLY legacy2_code_key ON legacy2 (code);
CREATE UNIQUE INDEX CONCURRENTLY legacy_code_key ON legacy (code);
