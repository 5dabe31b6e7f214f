ALTER TABLE orders DROP CONSTRAINT orders_qty_positive;
