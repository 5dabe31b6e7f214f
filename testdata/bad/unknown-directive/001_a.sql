-- airlock:revison 7f3a
CREATE TABLE a (id bigint);
