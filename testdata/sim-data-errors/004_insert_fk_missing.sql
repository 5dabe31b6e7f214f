-- expect-sqlstate: 23503
-- INSERT referencing a parent row that does not exist
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p);
INSERT INTO p VALUES (1), (2);
INSERT INTO c VALUES (1, 1), (2, 3);
