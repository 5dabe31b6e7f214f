-- airlock:revision 0123456789abcdef0123456789abcdef0
CREATE TABLE orders (id bigint);
