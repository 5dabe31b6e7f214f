-- expect-sqlstate: 42P01
-- a caught error undoes the whole block: the table created before it is gone
DO $$ BEGIN
    CREATE TABLE made_in_block (id int);
    CREATE TABLE made_in_block (id int);
EXCEPTION WHEN duplicate_table THEN NULL;
END $$;
ALTER TABLE made_in_block ADD COLUMN x int;
