-- expect-sqlstate: 2BP01
-- dropping a serial column drops the sequence it owns, and a view calls
-- nextval() on that sequence (a regclass constant is a dependency)
CREATE TABLE t (id serial, v int);
CREATE VIEW next_ids AS SELECT nextval('t_id_seq'::regclass) AS n;
ALTER TABLE t DROP COLUMN id;
