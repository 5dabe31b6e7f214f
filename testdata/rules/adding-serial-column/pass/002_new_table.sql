CREATE TABLE sessions (token text PRIMARY KEY);
ALTER TABLE sessions ADD COLUMN seq bigserial;
