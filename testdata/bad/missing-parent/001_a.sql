-- airlock:revision a1
-- airlock:parents none
CREATE TABLE a (id bigint);
