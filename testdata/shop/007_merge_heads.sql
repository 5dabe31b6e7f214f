-- airlock:revision 73f5e86801a0
-- airlock:parents 05178c99b472 596b0eefab50
-- airlock:message merge customers.phone and order_totals
-- airlock:up
-- A merge revision: it only joins the two heads; it changes nothing.

-- airlock:down
