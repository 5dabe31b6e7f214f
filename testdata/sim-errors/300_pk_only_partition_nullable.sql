-- expect-sqlstate: 42P16
-- ALTER TABLE ONLY on a partitioned table cannot make a partition's key column NOT NULL
CREATE TABLE only_pk (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE only_pk_1 PARTITION OF only_pk FOR VALUES FROM (0) TO (10);
ALTER TABLE ONLY only_pk ADD CONSTRAINT only_pk_pkey PRIMARY KEY (a);
