ALTER TABLE customers
    -- airlock:ignore set-not-null
    ALTER COLUMN email SET NOT NULL;
SELECT '-- airlock:ignore ban-drop-table' AS not_a_comment;
DROP TABLE orders;
