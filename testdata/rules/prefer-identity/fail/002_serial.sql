CREATE TABLE t1 (id bigserial PRIMARY KEY);
