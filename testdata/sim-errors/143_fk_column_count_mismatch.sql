-- expect-sqlstate: 42830
-- foreign key with more referencing than referenced columns
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (a integer, b integer, FOREIGN KEY (a, b) REFERENCES parent (id));
