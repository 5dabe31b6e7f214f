CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);
COPY countries (code, name) FROM STDIN;
NL	Netherlands
FR	France; with a semicolon
\.
CREATE INDEX countries_name_idx ON countries (name);
-- airlock:down
DROP TABLE countries;
