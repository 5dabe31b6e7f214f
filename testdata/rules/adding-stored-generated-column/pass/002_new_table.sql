CREATE TABLE lines (id bigint PRIMARY KEY, qty integer, price numeric);
ALTER TABLE lines ADD COLUMN amount numeric GENERATED ALWAYS AS (qty * price) STORED;
