-- airlock:transaction off
BEGIN;
ALTER TABLE customers ADD COLUMN nickname text;
COMMIT;
