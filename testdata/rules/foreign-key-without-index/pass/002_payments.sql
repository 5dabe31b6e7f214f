CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id));
CREATE INDEX payments_order_id_idx ON payments (order_id);
CREATE TABLE order_tags (order_id bigint REFERENCES orders (id), tag text, PRIMARY KEY (order_id, tag));
