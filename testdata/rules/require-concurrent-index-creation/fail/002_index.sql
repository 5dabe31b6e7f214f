CREATE INDEX customers_name_idx ON customers (name);
