-- expect-sqlstate: 42P17
-- a partition's plain unique index cannot be attached to the parent's key index
CREATE TABLE attach_ix (a int NOT NULL, b int) PARTITION BY RANGE (a);
CREATE TABLE attach_ix_1 PARTITION OF attach_ix FOR VALUES FROM (0) TO (10);
ALTER TABLE ONLY attach_ix ADD CONSTRAINT attach_ix_pkey PRIMARY KEY (a);
CREATE UNIQUE INDEX attach_ix_1_a ON attach_ix_1 (a);
ALTER INDEX attach_ix_pkey ATTACH PARTITION attach_ix_1_a;
