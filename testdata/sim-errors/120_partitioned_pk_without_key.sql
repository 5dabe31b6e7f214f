-- expect-sqlstate: 0A000
-- primary key on a partitioned table without the partition key
CREATE TABLE p (id integer, d date, PRIMARY KEY (id)) PARTITION BY RANGE (d);
