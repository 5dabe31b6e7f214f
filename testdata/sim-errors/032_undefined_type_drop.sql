-- expect-sqlstate: 42704
-- DROP TYPE without IF EXISTS
DROP TYPE missing_type;
