-- airlock:ignore-file require-concurrent-index-creation
CREATE INDEX customers_email_idx ON customers (email);
/* squawk-ignore-file */
ALTER TABLE orders DROP COLUMN coupon;
