-- airlock:transaction off
CREATE UNIQUE INDEX CONCURRENTLY users_name_idx ON users (name);
ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE USING INDEX users_name_idx;
CREATE UNIQUE INDEX posts_body_idx ON posts (id, body);
ALTER TABLE users ALTER COLUMN mood TYPE text USING mood::text;
ALTER TABLE users ALTER COLUMN name TYPE text;
CREATE SEQUENCE IF NOT EXISTS users_id_seq;
ALTER TABLE posts ALTER COLUMN tags SET DEFAULT ARRAY['x'];
ALTER TABLE posts ALTER COLUMN tags DROP DEFAULT;
ALTER TABLE posts ALTER COLUMN tags SET NOT NULL;
