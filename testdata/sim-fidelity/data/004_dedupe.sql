-- Cleaning up before constraints.
CREATE TABLE tags (id serial PRIMARY KEY, name text NOT NULL);
INSERT INTO tags (name) VALUES ('News'), ('news'), ('Sport'), ('sport '), ('tech');
DELETE FROM tags WHERE name <> lower(btrim(name));
CREATE UNIQUE INDEX tags_name_key ON tags (lower(name));
CREATE TABLE memberships (account_id bigint, tag_id integer, role text, PRIMARY KEY (account_id, tag_id));
INSERT INTO memberships VALUES (1, 5, 'owner'), (2, 5, NULL), (4, 1, 'member');
ALTER TABLE memberships ADD FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE memberships ADD CONSTRAINT memberships_tag_fk FOREIGN KEY (tag_id) REFERENCES tags (id) NOT VALID;
UPDATE memberships SET role = 'member' WHERE role IS NULL;
ALTER TABLE memberships ALTER COLUMN role SET NOT NULL;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'member')) NOT VALID;
ALTER TABLE memberships VALIDATE CONSTRAINT memberships_role_check;
CREATE UNIQUE INDEX memberships_one_owner ON memberships (tag_id) WHERE role = 'owner';
