-- expect-sqlstate: 2BP01
-- DROP INDEX of a unique index a foreign key uses
CREATE TABLE parent (id integer NOT NULL);
CREATE UNIQUE INDEX parent_id_idx ON parent (id);
CREATE TABLE child (parent_id integer REFERENCES parent (id));
DROP INDEX parent_id_idx;
