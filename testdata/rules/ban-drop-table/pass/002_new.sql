CREATE TABLE scratch (id bigint PRIMARY KEY);
DROP TABLE scratch;
CREATE TABLE tags (id bigint PRIMARY KEY);
-- airlock:down
DROP TABLE tags;
