-- expect-sqlstate: 2BP01
-- DROP CONSTRAINT of a primary key a foreign key references
CREATE TABLE parent (id integer CONSTRAINT parent_pkey PRIMARY KEY);
CREATE TABLE child (parent_id integer REFERENCES parent (id));
ALTER TABLE parent DROP CONSTRAINT parent_pkey;
