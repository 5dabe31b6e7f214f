ALTER TABLE customers VALIDATE CONSTRAINT customers_name_nn;
