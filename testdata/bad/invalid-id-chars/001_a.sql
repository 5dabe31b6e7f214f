-- airlock:revision add-orders
CREATE TABLE orders (id bigint);
