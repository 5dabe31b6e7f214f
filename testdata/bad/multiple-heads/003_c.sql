-- airlock:revision c3
-- airlock:parents a1
CREATE TABLE c (id bigint);
