-- airlock:revision b2
-- airlock:parents none
CREATE TABLE b (id bigint);
