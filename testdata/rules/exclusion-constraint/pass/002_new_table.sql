CREATE TABLE rooms (id bigint PRIMARY KEY, open_during tstzrange NOT NULL,
    EXCLUDE USING gist (open_during WITH &&));
CREATE TABLE holds (id bigint PRIMARY KEY, during tstzrange NOT NULL);
ALTER TABLE holds ADD CONSTRAINT holds_no_overlap EXCLUDE USING gist (during WITH &&);
