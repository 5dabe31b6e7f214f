-- expect-sqlstate: 42804
-- foreign key between text and integer
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (parent_id text REFERENCES parent (id));
