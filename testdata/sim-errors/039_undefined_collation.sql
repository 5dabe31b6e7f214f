-- expect-sqlstate: 42704
-- column with a collation that does not exist
CREATE TABLE t (a text COLLATE "no_such_collation");
