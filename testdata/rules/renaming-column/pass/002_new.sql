CREATE TABLE tags (id bigint PRIMARY KEY, label text);
ALTER TABLE tags RENAME COLUMN label TO name;
ALTER TABLE customers ADD COLUMN nick text;
ALTER TABLE customers RENAME COLUMN nick TO nickname;
