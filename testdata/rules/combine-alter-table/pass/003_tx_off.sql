-- airlock:transaction off
ALTER TABLE customers ADD COLUMN timezone text;
ALTER TABLE customers ADD COLUMN country text;
