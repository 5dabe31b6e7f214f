CREATE TABLE t1 (id bigint PRIMARY KEY, country text, flag "char");
