-- airlock:message add, backfill and require a column in one go
-- The column is new but the table is not: SET NOT NULL reads every row of
-- customers under an AccessExclusiveLock.
ALTER TABLE customers ADD COLUMN locale text;
UPDATE customers SET locale = 'en' WHERE locale IS NULL;
ALTER TABLE customers ALTER COLUMN locale SET NOT NULL;
