CREATE TABLE t1 (id bigint PRIMARY KEY, at timestamp, seen timestamp(3) without time zone);
ALTER TABLE orders ADD COLUMN shipped_at timestamp;
