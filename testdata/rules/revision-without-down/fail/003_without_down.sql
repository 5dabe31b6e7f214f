ALTER TABLE customers ADD COLUMN locale text;
