CREATE INDEX orders_status_idx ON orders (status) WHERE status IS NULL;
-- created in the same revision: nobody uses it yet
DROP INDEX orders_status_idx;
