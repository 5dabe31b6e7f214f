-- DO blocks of plain SQL statements, with or without an EXCEPTION clause
-- whose handlers do nothing: the idiom that makes CREATE TYPE idempotent
-- (drizzle writes one per enum). PL/pgSQL runs the block in a
-- subtransaction: a caught error undoes every statement of the block.
DO $$ BEGIN
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
EXCEPTION
    WHEN duplicate_object THEN null;
END $$;

-- the same block again: 42710 is caught, the first type stays
DO $$ BEGIN
    CREATE TYPE mood AS ENUM ('other');
EXCEPTION
    WHEN duplicate_object THEN null;
END $$;

-- the second statement fails: the table created first is rolled back too
CREATE TABLE people (id bigint PRIMARY KEY, name text);
DO $$
BEGIN
    CREATE TABLE people_archive (LIKE people INCLUDING ALL);
    CREATE TABLE people (id int);
EXCEPTION
    WHEN duplicate_table OR duplicate_object THEN
        RAISE NOTICE 'already there: %', SQLERRM;
END;
$$;

-- several handlers, SQLSTATE codes and a class (23000 covers 23505)
DO LANGUAGE plpgsql $body$
<<setup>>
BEGIN
    ALTER TABLE people ADD COLUMN current_mood mood NOT NULL DEFAULT 'ok';
    CREATE INDEX people_mood ON people (current_mood) WHERE current_mood <> 'sad';
    COMMENT ON COLUMN people.current_mood IS 'how they feel';
    INSERT INTO people (id, name) VALUES (1, 'a'), (1, 'b');
EXCEPTION
    WHEN SQLSTATE '42P07' THEN NULL;
    WHEN integrity_constraint_violation THEN NULL;
END setup
$body$;
-- and without the failing INSERT the block's changes stay
DO $$ BEGIN
    ALTER TABLE people ADD COLUMN current_mood mood NOT NULL DEFAULT 'ok';
    CREATE INDEX people_mood ON people (current_mood) WHERE current_mood <> 'sad';
    COMMENT ON COLUMN people.current_mood IS 'how they feel';
    INSERT INTO people (id, name) VALUES (1, 'a');
EXCEPTION
    WHEN integrity_constraint_violation THEN NULL;
END $$;

-- no EXCEPTION clause: statements run as written, functions with nested quoting
DO $$
BEGIN
    CREATE TABLE visits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                         person_id bigint NOT NULL REFERENCES people ON DELETE CASCADE,
                         at timestamptz NOT NULL DEFAULT now());
    CREATE FUNCTION visits_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
        NEW.at := now();
        RETURN NEW;
    END;
    $fn$;
    CREATE TRIGGER visits_touch BEFORE UPDATE ON visits
        FOR EACH ROW EXECUTE FUNCTION visits_touch();
    NULL;
END
$$;

-- OTHERS catches everything: ADD VALUE of an existing label is skipped
DO $$ BEGIN
    ALTER TYPE mood ADD VALUE 'ok';
EXCEPTION WHEN OTHERS THEN NULL;
END $$;
DO $$ BEGIN
    ALTER TYPE mood ADD VALUE 'angry' BEFORE 'sad';
EXCEPTION WHEN OTHERS THEN NULL;
END $$;
