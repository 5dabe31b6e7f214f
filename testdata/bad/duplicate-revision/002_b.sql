-- airlock:revision aaaa
-- airlock:parents aaaa
CREATE TABLE b (id bigint);
