-- expect-sqlstate: 42P07
-- duplicate_object (42710) does not catch duplicate_table (42P07)
CREATE TABLE t (id int);
DO $$ BEGIN
    CREATE TABLE t (id int);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
