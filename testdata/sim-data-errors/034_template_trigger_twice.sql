-- expect-sqlstate: 42710
-- a DDL template function (sim_dynamic.c) called twice on one table: the
-- trigger it creates exists already
CREATE TABLE t (id int, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE FUNCTION manage(_tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER touch BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION touch()', _tbl);
END;
$$;
SELECT manage('t');
SELECT manage('t');
