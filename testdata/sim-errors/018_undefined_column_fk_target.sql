-- expect-sqlstate: 42703
-- foreign key to a column that does not exist
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (parent_id integer REFERENCES parent (nope));
