ALTER TABLE orders ADD COLUMN payload json;
