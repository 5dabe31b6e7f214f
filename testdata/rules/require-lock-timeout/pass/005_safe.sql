-- airlock:transaction off
CREATE INDEX CONCURRENTLY customers_name_idx ON customers (name);
CREATE TABLE tags (id bigint PRIMARY KEY);
ALTER TABLE tags ADD COLUMN name text;
