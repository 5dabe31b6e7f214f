-- airlock:revision z
-- airlock:parents y
CREATE TABLE z (id bigint);
