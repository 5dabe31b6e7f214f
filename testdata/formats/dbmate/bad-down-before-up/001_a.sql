-- migrate:down
-- migrate:up
CREATE TABLE a (id int);
