-- expect-sqlstate: 42703
-- INSERT's column list is checked against the table
CREATE TABLE events (id bigserial PRIMARY KEY, kind text NOT NULL);
CREATE FUNCTION log_event(k text) RETURNS bigint LANGUAGE sql AS $$ INSERT INTO events (kind, payload) VALUES (k, '{}') RETURNING id $$;
