-- expect-sqlstate: 42704
-- GRANT to a role that does not exist
CREATE TABLE t (a integer);
GRANT SELECT ON t TO no_such_role;
