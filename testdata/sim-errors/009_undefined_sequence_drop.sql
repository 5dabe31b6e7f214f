-- expect-sqlstate: 42P01
-- DROP SEQUENCE without IF EXISTS
DROP SEQUENCE missing_seq;
