-- expect-sqlstate: 42883
-- default calling a function that does not exist
CREATE TABLE t (a integer DEFAULT missing_fn());
