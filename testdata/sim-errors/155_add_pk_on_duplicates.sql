-- expect-sqlstate: 23505
-- ADD PRIMARY KEY over duplicate values
CREATE TABLE t (a integer);
INSERT INTO t VALUES (1), (1);
ALTER TABLE t ADD PRIMARY KEY (a);
