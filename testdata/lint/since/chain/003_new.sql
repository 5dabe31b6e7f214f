CREATE INDEX orders_note_idx ON orders (note);
ALTER TABLE customers DROP COLUMN name;
