CREATE TABLE a (id bigint);
\i other.sql
\set ON_ERROR_STOP on
CREATE TABLE b (id bigint;
