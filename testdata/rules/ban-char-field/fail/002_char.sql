CREATE TABLE t1 (id bigint PRIMARY KEY, country char(2), currency character(3));
