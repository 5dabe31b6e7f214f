-- expect-sqlstate: 2BP01
-- DROP FUNCTION an index expression calls
CREATE TABLE t (a text);
CREATE FUNCTION norm(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower($1)';
CREATE INDEX t_norm_idx ON t (norm(a));
DROP FUNCTION norm(text);
