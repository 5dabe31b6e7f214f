-- expect-sqlstate: 42704
-- DROP EXTENSION of an extension not installed
DROP EXTENSION citext;
