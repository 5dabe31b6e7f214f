-- expect-sqlstate: 42710
-- CREATE DOMAIN twice
CREATE DOMAIN d AS integer;
CREATE DOMAIN d AS text;
