-- expect-sqlstate: 42939
-- role names starting with pg_ are reserved
CREATE ROLE pg_app_reader;
