-- expect-sqlstate: 23514
-- ALTER DOMAIN ADD CONSTRAINT that stored values violate
CREATE DOMAIN d AS integer;
CREATE TABLE t (a d);
INSERT INTO t VALUES (-1);
ALTER DOMAIN d ADD CONSTRAINT d_check CHECK (VALUE >= 0);
