ALTER TABLE customers ADD COLUMN tags text[];
UPDATE customers SET tags[1] = 'a', tags[2] = 'b' WHERE id = 1;
INSERT INTO customers (email, name) VALUES ('a', 'b');
