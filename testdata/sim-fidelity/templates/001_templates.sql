-- DDL template functions: PL/pgSQL helpers whose body only EXECUTEs a string
-- built from their arguments, called with constants (diesel's
-- diesel_manage_updated_at is one). The simulator computes the string and
-- simulates what it executes; anything else stays opaque.
CREATE SCHEMA audit;
CREATE TABLE accounts (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE audit.entries (id bigint PRIMARY KEY, note text, updated_at timestamptz);
CREATE TABLE "Mixed Case" (id int, updated_at timestamptz);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

-- %s of a regclass: the name, qualified only when search_path would not find it
CREATE FUNCTION manage_updated_at(_tbl regclass) RETURNS void AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER touch BEFORE UPDATE ON %s
                    FOR EACH ROW EXECUTE PROCEDURE touch_updated_at()', _tbl);
END;
$$ LANGUAGE plpgsql;
SELECT manage_updated_at('accounts');
SELECT manage_updated_at('audit.entries'), manage_updated_at('"Mixed Case"');

-- %I and %L, positional arguments, two EXECUTEs, a label after END
CREATE FUNCTION add_flag(tbl text, col text, dflt text) RETURNS void LANGUAGE plpgsql AS $body$
<<main>>
BEGIN
    EXECUTE format('ALTER TABLE %1$I ADD COLUMN %2$I boolean NOT NULL DEFAULT %3$L', tbl, col, dflt);
    EXECUTE format('COMMENT ON COLUMN %I.%I IS %L', tbl, col, 'flag ' || col || E' \\ set by add_flag');
END main;
$body$;
SELECT add_flag('accounts', 'is_Active', 'true');

-- || concatenation with quote_ident(), a text cast and concat()
CREATE FUNCTION index_on(t text, c text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'CREATE INDEX ' || quote_ident(t || '_' || c || '_ix') || ' ON ' || quote_ident(t)
        || concat(' (', quote_ident(c::text), ')');
END
$$;
SELECT index_on('accounts', 'updated_at');

-- not a template (a DECLARE section): PostgreSQL runs it, the simulator does
-- not know what it did, so the chain leaves no trace of it in the schema
CREATE FUNCTION opaque(t text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    n int := 0;
BEGIN
    SELECT count(*) INTO n FROM pg_class WHERE relname = t;
END;
$$;
SELECT opaque('accounts');
