-- expect-sqlstate: 42710
-- type named like a table (its row type)
CREATE TABLE t (a integer);
CREATE TYPE t AS ENUM ('x');
