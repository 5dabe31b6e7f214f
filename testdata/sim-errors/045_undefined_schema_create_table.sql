-- expect-sqlstate: 3F000
-- table in a schema that does not exist
CREATE TABLE nope.t (a integer);
