-- header comment
/* a block
   comment */
CREATE TABLE a (
    id bigint PRIMARY KEY,
    price numeric(10,2) NOT NULL DEFALT 0
);
