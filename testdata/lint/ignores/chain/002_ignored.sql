-- airlock:ignore require-concurrent-index-creation
CREATE INDEX customers_name_idx ON customers (name);
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN name;
-- squawk-ignore prefer-robust-stmts, renaming-column
ALTER TABLE orders RENAME COLUMN note TO remark;
-- airlock:ignore ban-drop-table
ALTER TABLE orders ADD COLUMN coupon text;
CREATE INDEX orders_remark_idx ON orders (remark);
