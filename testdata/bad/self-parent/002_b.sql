-- airlock:revision b2
-- airlock:parents a1 b2
CREATE TABLE b (id bigint);
