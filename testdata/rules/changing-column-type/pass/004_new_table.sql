CREATE TABLE notes (id integer PRIMARY KEY, body text);
ALTER TABLE notes ALTER COLUMN id TYPE bigint;
