-- expect-sqlstate: 42830
-- foreign key to columns without a unique constraint
CREATE TABLE parent (id integer);
CREATE TABLE child (parent_id integer REFERENCES parent (id));
