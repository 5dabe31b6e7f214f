CREATE TABLE a (id bigint);
-- airlock:transaction off
CREATE INDEX CONCURRENTLY a_id_idx ON a (id);
