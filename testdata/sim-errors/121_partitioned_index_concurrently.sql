-- expect-sqlstate: 0A000
-- CREATE INDEX CONCURRENTLY on a partitioned table
CREATE TABLE p (id integer, d date) PARTITION BY RANGE (d);
CREATE INDEX CONCURRENTLY p_id_idx ON p (id);
