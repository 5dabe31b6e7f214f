-- expect-sqlstate: 42703
-- primary key on a column that does not exist
CREATE TABLE t (a integer, PRIMARY KEY (b));
