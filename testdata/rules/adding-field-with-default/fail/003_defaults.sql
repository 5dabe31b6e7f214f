ALTER TABLE customers ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE customers ADD COLUMN score double precision DEFAULT random() * 100;
ALTER TABLE orders ADD COLUMN ticket bigint DEFAULT next_ticket();
