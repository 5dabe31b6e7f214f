ALTER TABLE customers ADD COLUMN nickname text;
ALTER TABLE customers ADD COLUMN locale text;
ALTER TABLE customers ADD COLUMN timezone text;
