-- airlock:revision base1
-- airlock:parents none
CREATE TABLE a (id bigint);
