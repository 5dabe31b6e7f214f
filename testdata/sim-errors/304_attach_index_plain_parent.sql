-- expect-sqlstate: 42809
-- only a partitioned index takes partitions
CREATE TABLE attach_pl (a int);
CREATE INDEX attach_pl_a ON attach_pl (a);
CREATE INDEX attach_pl_a2 ON attach_pl (a);
ALTER INDEX attach_pl_a ATTACH PARTITION attach_pl_a2;
