-- airlock:revision x
-- airlock:parents base1 z
CREATE TABLE x (id bigint);
