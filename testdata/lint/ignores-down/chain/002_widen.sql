-- an ignore in the down part applies to the next statement of the down part
-- airlock:ignore changing-column-type
ALTER TABLE t ALTER COLUMN n TYPE bigint;
-- airlock:down
SELECT 1;
-- airlock:ignore changing-column-type
ALTER TABLE t ALTER COLUMN n TYPE integer;
-- airlock:ignore ban-drop-table
SELECT 2;
