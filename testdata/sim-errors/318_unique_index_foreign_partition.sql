-- expect-sqlstate: 42809
-- a unique index on a partitioned table cannot reach a foreign partition
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER ft_part_server FOREIGN DATA WRAPPER postgres_fdw;
CREATE TABLE ft_parted (id int NOT NULL) PARTITION BY RANGE (id);
CREATE FOREIGN TABLE ft_parted_1 PARTITION OF ft_parted FOR VALUES FROM (0) TO (10) SERVER ft_part_server;
CREATE INDEX ft_parted_plain ON ft_parted (id);
CREATE UNIQUE INDEX ft_parted_unique ON ft_parted (id);
