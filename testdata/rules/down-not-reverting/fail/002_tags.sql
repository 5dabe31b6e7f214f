CREATE TABLE tags (id bigint PRIMARY KEY, name text);
CREATE INDEX tags_name_idx ON tags (name);
ALTER TABLE customers ADD COLUMN nickname text;
-- airlock:down
DROP TABLE tags;
