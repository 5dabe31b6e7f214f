ALTER TABLE customers ADD CONSTRAINT customers_name_nn CHECK (name IS NOT NULL) NOT VALID;
