-- expect-sqlstate: 2BP01
-- DROP TABLE a foreign key references
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (parent_id integer REFERENCES parent (id));
DROP TABLE parent;
