-- airlock:message a table the chain creates (then renames) has only the constraints and triggers the chain gives it
CREATE TABLE members (id bigint PRIMARY KEY, handle text NOT NULL UNIQUE);
ALTER TABLE members RENAME TO member_account;
ALTER TABLE member_account DROP CONSTRAINT members_handle_check;
DROP TRIGGER members_touch ON member_account;
