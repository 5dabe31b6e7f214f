-- airlock:transaction maybe
CREATE TABLE a (id bigint);
