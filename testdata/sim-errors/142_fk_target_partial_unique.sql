-- expect-sqlstate: 42830
-- foreign key to columns with only a partial unique index
CREATE TABLE parent (id integer, active boolean);
CREATE UNIQUE INDEX parent_active_id_idx ON parent (id) WHERE active;
CREATE TABLE child (parent_id integer REFERENCES parent (id));
