CREATE TABLE t1 (id bigint PRIMARY KEY, name varchar(100));
ALTER TABLE customers ADD COLUMN city character varying(80);
