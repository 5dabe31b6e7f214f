CREATE TABLE a (id bigint);
CREATE TABLE b (
    id bigint,
    a_id bigint REFERENCES a (id