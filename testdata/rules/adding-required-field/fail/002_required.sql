ALTER TABLE customers ADD COLUMN plan text NOT NULL;
