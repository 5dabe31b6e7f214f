CREATE TABLE staging (id bigint PRIMARY KEY);
TRUNCATE staging;
