-- expect-sqlstate: 42703
-- a DDL template function whose generated statement names a column the
-- table does not have
CREATE TABLE t (id int);
CREATE FUNCTION index_col(tbl text, col text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE INDEX ON %I (%I)', tbl, col);
END;
$$;
SELECT index_col('t', 'id');
SELECT index_col('t', 'missing');
