-- expect-sqlstate: 42710
-- CREATE EXTENSION twice
CREATE EXTENSION citext;
CREATE EXTENSION citext;
