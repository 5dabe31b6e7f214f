UPDATE customers SET name = 'a', email = 'x', name = 'b' WHERE id = 1;
INSERT INTO customers (email, name, email) VALUES ('a', 'b', 'c');
