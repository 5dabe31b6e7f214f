-- two rewrites of customers, one after the other
ALTER TABLE customers ALTER COLUMN name TYPE varchar(200);
ALTER TABLE customers ALTER COLUMN created_at TYPE timestamp;
ALTER TABLE customers ADD COLUMN locale text;
