-- expect-sqlstate: 22023
-- identity column of type text
CREATE TABLE t (a text GENERATED ALWAYS AS IDENTITY);
