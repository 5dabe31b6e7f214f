-- migrate:up
CREATE TABLE a (id int, name text);

-- migrate:down
DROP TABLE a;
