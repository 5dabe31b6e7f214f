-- user-defined operators (binary and prefix, qualified and not) in checks,
-- views and index expressions; dropped one by one and with their schema;
-- aggregates over polymorphic transition functions of PostgreSQL 14+
CREATE FUNCTION num_close(numeric, numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs($1 - $2) < 0.01';
CREATE OPERATOR ~= (FUNCTION = num_close, LEFTARG = numeric, RIGHTARG = numeric, COMMUTATOR = ~=);
CREATE FUNCTION neg_text(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT reverse($1)';
CREATE OPERATOR !~! (PROCEDURE = neg_text, RIGHTARG = text);
CREATE TABLE prices (a numeric, b numeric, t text, CONSTRAINT close_enough CHECK (NOT (a ~= b)));
CREATE VIEW pv AS SELECT a ~= b AS c, !~! t AS r FROM prices;
CREATE INDEX prices_r ON prices ((!~! t));
DROP OPERATOR IF EXISTS ### (integer, integer);
CREATE SCHEMA ops;
CREATE OPERATOR ops.=== (FUNCTION = num_close, LEFTARG = numeric, RIGHTARG = numeric);
DROP SCHEMA ops CASCADE;
DROP VIEW pv;
DROP INDEX prices_r;
DROP OPERATOR !~! (NONE, text);
CREATE OPERATOR !~! (FUNCTION = neg_text, RIGHTARG = text);
CREATE AGGREGATE array_accum(anycompatible) (SFUNC = array_append, STYPE = anycompatiblearray, INITCOND = '{}');
CREATE AGGREGATE concat_all(anycompatiblearray) (SFUNC = array_cat, STYPE = anycompatiblearray);
CREATE VIEW accumulated AS SELECT array_accum(t) AS ts, concat_all(ARRAY[a]) AS xs FROM prices;
