-- airlock:message hazards, for every output format
SET lock_timeout = '2s';
CREATE INDEX customers_name_idx ON customers (name);
ALTER TABLE orders ADD COLUMN "note, with: %commas%" json;
UPDATE customers SET name = 'x';
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN name;
ALTER TABLE customers RENAME COLUMN email TO mail;
