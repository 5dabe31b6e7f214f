-- airlock:message rename a table, then alter it under its new name
-- The rename's AccessExclusiveLock is on the table the ALTER locks again:
-- the same relation, so nothing new is waited for while the lock is held.
ALTER TABLE orders RENAME TO purchases;
ALTER TABLE purchases ADD COLUMN channel text;
