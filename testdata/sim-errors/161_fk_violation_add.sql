-- expect-sqlstate: 23503
-- ADD FOREIGN KEY that existing rows violate
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (parent_id integer);
INSERT INTO child VALUES (42);
ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id);
