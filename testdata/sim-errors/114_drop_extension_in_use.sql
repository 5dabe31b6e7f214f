-- expect-sqlstate: 2BP01
-- DROP EXTENSION whose type a column uses
CREATE EXTENSION citext;
CREATE TABLE t (email citext);
DROP EXTENSION citext;
