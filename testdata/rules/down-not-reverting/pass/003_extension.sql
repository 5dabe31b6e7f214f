-- airlock:message an extension and an index using its operator class
-- CREATE EXTENSION lists only the extension among what it creates, DROP
-- EXTENSION every member function: the round trip compares the extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX tags_name_trgm_idx ON tags USING gin (name gin_trgm_ops);
-- airlock:down
DROP INDEX tags_name_trgm_idx;
DROP EXTENSION pg_trgm;
