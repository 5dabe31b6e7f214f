-- airlock:transaction off
-- each statement commits on its own: the validation does not hold the ADD's lock
ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_qty_positive;
