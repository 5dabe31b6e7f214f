ALTER TABLE customer ADD COLUMN nickname text;
ALTER TABLE customers ADD COLUMN email text;
