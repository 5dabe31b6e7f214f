-- expect-sqlstate: 23503
-- VALIDATE of a NOT VALID foreign key that rows violate
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (parent_id integer);
INSERT INTO child VALUES (42);
ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
ALTER TABLE child VALIDATE CONSTRAINT child_parent_fk;
