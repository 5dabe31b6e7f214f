-- Old pg_dump output and ORMs still write WITH (OIDS=FALSE) / WITHOUT OIDS:
-- PostgreSQL 12+ accepts them and stores no reloption for them.
CREATE SCHEMA auth;
CREATE TABLE auth.account (
    id varchar NOT NULL,
    role name NOT NULL,
    CONSTRAINT account_pkey PRIMARY KEY (id)
) WITH ( OIDS=FALSE );
CREATE TABLE auth.session (id bigint, token text) WITH (oids = false, fillfactor = 80);
CREATE TABLE auth.audit (at timestamptz) WITHOUT OIDS;
CREATE TABLE auth.account_copy WITH (OIDS=FALSE) AS SELECT id FROM auth.account;
CREATE MATERIALIZED VIEW auth.roles WITH (oids = off) AS SELECT DISTINCT role FROM auth.account;
