-- expect-sqlstate: 42883
-- trigger executing a function that does not exist
CREATE TABLE t (a integer);
CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION missing_fn();
