-- airlock:revision m3
-- airlock:parents a1 b2
CREATE TABLE m (id bigint);
