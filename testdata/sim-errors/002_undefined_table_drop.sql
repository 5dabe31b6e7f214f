-- expect-sqlstate: 42P01
-- DROP TABLE without IF EXISTS
DROP TABLE missing;
