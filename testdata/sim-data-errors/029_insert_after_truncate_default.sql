-- expect-sqlstate: 23505
-- rows inserted after TRUNCATE collide
CREATE TABLE t (a integer PRIMARY KEY);
INSERT INTO t VALUES (1);
TRUNCATE t;
INSERT INTO t VALUES (2), (2);
