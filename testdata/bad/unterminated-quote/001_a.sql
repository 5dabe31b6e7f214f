CREATE TABLE a (id bigint);
COMMENT ON TABLE a IS 'the orders;
