-- GENERATED ... STORED columns and collations (CREATE/ALTER/DROP COLLATION, column COLLATE).
CREATE COLLATION app.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION app.c_copy FROM "C";
ALTER COLLATION app.c_copy RENAME TO c_binary;
CREATE COLLATION app.unused_coll FROM "POSIX";
DROP COLLATION app.unused_coll;
CREATE TABLE app.line_items (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    quantity    integer NOT NULL,
    unit_price  numeric(12, 2) NOT NULL,
    total       numeric(14, 2) GENERATED ALWAYS AS (quantity * unit_price) STORED,
    code        text COLLATE "C" NOT NULL,
    label       text COLLATE app.case_insensitive,
    lower_code  text GENERATED ALWAYS AS (lower(code)) STORED
);
ALTER TABLE app.line_items ADD COLUMN doubled integer GENERATED ALWAYS AS (quantity * 2) STORED;
ALTER TABLE app.line_items ALTER COLUMN lower_code DROP EXPRESSION;
ALTER TABLE app.line_items ALTER COLUMN label TYPE text COLLATE "C";
ALTER TABLE app.line_items ALTER COLUMN label TYPE varchar(100) COLLATE app.c_binary;
COMMENT ON COLLATION app.case_insensitive IS 'ICU, ignores case';
