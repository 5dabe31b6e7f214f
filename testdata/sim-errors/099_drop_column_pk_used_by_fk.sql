-- expect-sqlstate: 2BP01
-- DROP COLUMN of a primary key a foreign key references
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (parent_id integer REFERENCES parent (id));
ALTER TABLE parent DROP COLUMN id;
