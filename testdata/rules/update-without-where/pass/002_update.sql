UPDATE customers SET name = lower(name) WHERE id BETWEEN 1 AND 10000;
CREATE TABLE tags (id bigint PRIMARY KEY, name text);
UPDATE tags SET name = '';
