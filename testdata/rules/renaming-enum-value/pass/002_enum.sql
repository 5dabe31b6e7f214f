CREATE TYPE order_state AS ENUM ('new', 'payed');
ALTER TYPE order_state RENAME VALUE 'payed' TO 'paid';
