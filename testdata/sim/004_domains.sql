-- Domains: CHECK, NOT NULL, DEFAULT, ADD/DROP/RENAME/VALIDATE CONSTRAINT, rename, drop.
CREATE DOMAIN app.email AS citext
    CONSTRAINT email_has_at CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE DOMAIN app.positive_int AS integer NOT NULL DEFAULT 1
    CONSTRAINT positive_int_check CHECK (VALUE > 0);
CREATE DOMAIN app.money_cents AS bigint DEFAULT 0 CHECK (VALUE >= 0);
CREATE DOMAIN app.short_text AS varchar(200) COLLATE "C";
ALTER DOMAIN app.positive_int SET DEFAULT 10;
ALTER DOMAIN app.positive_int DROP DEFAULT;
ALTER DOMAIN app.positive_int DROP NOT NULL;
ALTER DOMAIN app.positive_int SET NOT NULL;
ALTER DOMAIN app.money_cents ADD CONSTRAINT money_cents_max CHECK (VALUE < 1000000000000) NOT VALID;
ALTER DOMAIN app.money_cents VALIDATE CONSTRAINT money_cents_max;
ALTER DOMAIN app.money_cents RENAME CONSTRAINT money_cents_max TO money_cents_upper;
ALTER DOMAIN app.email ADD CONSTRAINT email_not_blank CHECK (length(VALUE) > 3);
ALTER DOMAIN app.email DROP CONSTRAINT email_not_blank;
ALTER DOMAIN app.email DROP CONSTRAINT IF EXISTS email_not_blank;
CREATE DOMAIN app.tmp_domain AS text;
ALTER DOMAIN app.tmp_domain RENAME TO tmp_domain2;
ALTER DOMAIN app.tmp_domain2 SET SCHEMA public;
DROP DOMAIN public.tmp_domain2;
COMMENT ON DOMAIN app.email IS 'an e-mail address';
COMMENT ON CONSTRAINT positive_int_check ON DOMAIN app.positive_int IS 'strictly positive';
