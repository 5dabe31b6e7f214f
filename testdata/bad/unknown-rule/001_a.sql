-- airlock:ignore-file no-such-rule
CREATE TABLE a (id bigint);
-- airlock:ignore syntax-error,requires-concurrently-index
CREATE INDEX a_idx ON a (id);
