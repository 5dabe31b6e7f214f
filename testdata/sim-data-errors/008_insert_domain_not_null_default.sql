-- expect-sqlstate: 23502
-- a column of a NOT NULL domain left to its (NULL) default
CREATE DOMAIN req AS text NOT NULL;
CREATE TABLE t (a integer, r req);
INSERT INTO t (a) VALUES (1);
