-- expect-sqlstate: 23503
-- a self-referencing row whose parent is missing
CREATE TABLE node (id integer PRIMARY KEY, parent_id integer REFERENCES node (id));
INSERT INTO node VALUES (1, NULL), (2, 1), (3, 7);
