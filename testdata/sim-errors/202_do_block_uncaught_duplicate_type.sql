-- expect-sqlstate: 42710
-- a DO block without an EXCEPTION clause fails with its statement's error
CREATE TYPE mood AS ENUM ('a');
DO $$ BEGIN CREATE TYPE mood AS ENUM ('b'); END $$;
