-- expect-sqlstate: 2BP01
-- DROP SEQUENCE a default uses (not OWNED BY)
CREATE SEQUENCE s;
CREATE TABLE t (id bigint DEFAULT nextval('s'));
DROP SEQUENCE s;
