-- expect-sqlstate: 42P17
-- trigger on a function that does not return trigger
CREATE TABLE t (a integer);
CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
