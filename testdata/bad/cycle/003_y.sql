-- airlock:revision y
-- airlock:parents x
CREATE TABLE y (id bigint);
