-- expect-sqlstate: 42P01
-- foreign key to a table that does not exist
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));
