CREATE TABLE a (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2) NOT NULL DEFALT 0
);

CREATE INDEX a_name_idx ON a (name);
