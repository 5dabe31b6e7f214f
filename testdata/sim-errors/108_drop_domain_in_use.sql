-- expect-sqlstate: 2BP01
-- DROP DOMAIN a column uses
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE t (a posint);
DROP DOMAIN posint;
