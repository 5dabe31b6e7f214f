CREATE DOMAIN email AS text;
CREATE TABLE contacts (id bigint PRIMARY KEY, address email);
