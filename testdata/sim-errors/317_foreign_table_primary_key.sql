-- expect-sqlstate: 0A000
-- a foreign table has no indexes, so no primary key
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER ft_pk_server FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE ft_pk_ok (id int NOT NULL CHECK (id > 0)) SERVER ft_pk_server;
CREATE FOREIGN TABLE ft_pk_bad (id int PRIMARY KEY) SERVER ft_pk_server;
