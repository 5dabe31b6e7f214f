-- expect-sqlstate: 42703
-- sequence OWNED BY a column that does not exist
CREATE TABLE t (a integer);
CREATE SEQUENCE s;
ALTER SEQUENCE s OWNED BY t.b;
