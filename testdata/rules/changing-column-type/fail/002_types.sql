ALTER TABLE orders ALTER COLUMN qty TYPE bigint;
ALTER TABLE orders ALTER COLUMN note TYPE varchar(50);
ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,4);
ALTER TABLE customers ALTER COLUMN created_at TYPE timestamp;
ALTER TABLE orders ALTER COLUMN status TYPE varchar(20) USING lower(status);
