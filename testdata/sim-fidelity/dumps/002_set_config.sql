-- set_config as pg_dump writes it sets search_path like SET does: unqualified
-- names resolve (and are created) along it; parameter names are matched
-- case-insensitively and a dotted name is a placeholder
CREATE SCHEMA ledger;
SELECT pg_catalog.set_config('search_path', 'ledger, public', false);
SET "Lock_Timeout" = '5s';
-- parameters pg_settings does not list: old pg_dump output sets default_with_oids
SET default_with_oids = false;
SET sort_mem = '8MB';
SELECT set_config('ledger.tenant', 'acme', false);
CREATE TABLE entries (id integer PRIMARY KEY, amount numeric(12,2) NOT NULL);
CREATE VIEW big_entries AS SELECT id, amount FROM entries WHERE amount > 1000;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.after_reset (id integer);
CREATE FUNCTION public.entry_count() RETURNS bigint
    LANGUAGE sql STABLE SET search_path = ledger, pg_temp
    AS 'SELECT count(*) FROM entries';
SELECT pg_catalog.set_config('search_path', '"$user", public', false);
CREATE TABLE in_public (id integer);
