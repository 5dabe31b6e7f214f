-- expect-sqlstate: 23505
-- ADD PRIMARY KEY over a duplicated pair
CREATE TABLE t (a integer NOT NULL, b integer NOT NULL);
INSERT INTO t VALUES (1, 1), (1, 2), (1, 1);
ALTER TABLE t ADD PRIMARY KEY (a, b);
