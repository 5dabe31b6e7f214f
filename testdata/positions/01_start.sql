CREAT TABLE a (id bigint);
