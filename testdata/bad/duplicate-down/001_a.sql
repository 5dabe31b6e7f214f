CREATE TABLE a (id bigint);
-- airlock:down
DROP TABLE a;
-- airlock:down
DROP TABLE a;
