-- the text is meant literally: the script config turns replacement off
CREATE TABLE templates (body text NOT NULL DEFAULT 'Hello ${name}!');
