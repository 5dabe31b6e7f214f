CREATE TABLE a (id int);
-- migrate:up
CREATE TABLE b (id int);
