-- expect-sqlstate: 23503
-- a foreign key added after the parent row was deleted
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (p_id integer);
INSERT INTO p VALUES (1), (2);
INSERT INTO c VALUES (1), (2);
DELETE FROM p WHERE id = 2;
ALTER TABLE c ADD FOREIGN KEY (p_id) REFERENCES p (id);
