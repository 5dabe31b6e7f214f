-- airlock:revision b2
-- airlock:parents a1
CREATE TABLE b (id bigint);
