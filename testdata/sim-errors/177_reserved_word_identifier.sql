-- expect-sqlstate: 42601
-- a reserved word as a table name
CREATE TABLE user (id integer);
