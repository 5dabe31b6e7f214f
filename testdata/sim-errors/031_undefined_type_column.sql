-- expect-sqlstate: 42704
-- column of a type that does not exist
CREATE TABLE t (a missing_type);
