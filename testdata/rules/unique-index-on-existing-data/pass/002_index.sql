-- airlock:transaction off
CREATE INDEX CONCURRENTLY customers_email_idx ON customers (email);
CREATE TABLE tags (id bigint PRIMARY KEY, name text);
CREATE UNIQUE INDEX tags_name_key ON tags (name);
