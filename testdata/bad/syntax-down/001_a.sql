CREATE TABLE a (id bigint);
-- airlock:down
DROP TABLE IF EXIST a;
