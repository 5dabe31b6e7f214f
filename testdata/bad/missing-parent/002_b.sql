-- airlock:revision b2
-- airlock:parents zz9
CREATE TABLE b (id bigint);
