-- only a down part
-- airlock:down
DROP TABLE a;
