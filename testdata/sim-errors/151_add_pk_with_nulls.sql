-- expect-sqlstate: 23502
-- ADD PRIMARY KEY on a column holding NULLs
CREATE TABLE t (a integer);
INSERT INTO t VALUES (NULL);
ALTER TABLE t ADD PRIMARY KEY (a);
