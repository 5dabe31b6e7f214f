-- airlock:revision aaaa
-- airlock:parents none
CREATE TABLE a (id bigint);
