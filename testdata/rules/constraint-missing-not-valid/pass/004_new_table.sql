CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint, amount numeric);
ALTER TABLE refunds ADD CONSTRAINT refunds_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE refunds ADD CONSTRAINT refunds_amount_positive CHECK (amount > 0);
CREATE INDEX refunds_order_id_idx ON refunds (order_id);
