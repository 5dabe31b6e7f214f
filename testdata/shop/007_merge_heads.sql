-- airlock:revision 73f5e86801a0
-- airlock:parents 05178c99b472 596b0eefab50
-- airlock:message merge customers.phone and order_totals
-- airlock:up
-- Joins the two heads; documents the objects each branch added.
COMMENT ON COLUMN customers.phone IS 'E.164, e.g. +31201234567';
COMMENT ON VIEW order_totals IS 'one row per order: item count and total in cents';

-- airlock:down
COMMENT ON VIEW order_totals IS NULL;
COMMENT ON COLUMN customers.phone IS NULL;
