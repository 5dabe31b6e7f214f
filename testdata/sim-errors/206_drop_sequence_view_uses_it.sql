-- expect-sqlstate: 2BP01
-- a view's nextval('s') depends on sequence s
CREATE SEQUENCE s;
CREATE VIEW v AS SELECT nextval('s') AS n;
DROP SEQUENCE s;
