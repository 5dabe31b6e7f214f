-- expect-sqlstate: 42704
-- ALTER DOMAIN DROP CONSTRAINT of a constraint that does not exist
CREATE DOMAIN d AS integer;
ALTER DOMAIN d DROP CONSTRAINT d_check;
