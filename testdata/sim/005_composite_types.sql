-- Composite and range types: create, ADD/DROP/ALTER/RENAME ATTRIBUTE, drop.
CREATE TYPE app.address AS (street text, city text, zip varchar(10));
ALTER TYPE app.address ADD ATTRIBUTE country char(2);
ALTER TYPE app.address DROP ATTRIBUTE zip;
ALTER TYPE app.address ALTER ATTRIBUTE city TYPE varchar(100);
ALTER TYPE app.address RENAME ATTRIBUTE street TO line1;
ALTER TYPE app.address ADD ATTRIBUTE postcode text, ADD ATTRIBUTE region text;
ALTER TYPE app.address DROP ATTRIBUTE IF EXISTS region;
CREATE TYPE app.money_pair AS (amount numeric(12, 2), currency char(3));
CREATE TYPE app.tmp_pair AS (a integer, b integer);
DROP TYPE app.tmp_pair;
CREATE TYPE app.float_range AS RANGE (subtype = float8, subtype_diff = float8mi);
COMMENT ON TYPE app.address IS 'postal address';
COMMENT ON COLUMN app.address.city IS 'city name';
