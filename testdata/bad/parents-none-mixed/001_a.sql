-- airlock:revision a1
-- airlock:parents none a0
CREATE TABLE a (id bigint);
