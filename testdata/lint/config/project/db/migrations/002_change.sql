ALTER TABLE customers ADD COLUMN plan text NOT NULL DEFAULT 'free';
ALTER TABLE customers DROP COLUMN name;
