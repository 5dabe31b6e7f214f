-- Sequences: CREATE (options, AS type, IF NOT EXISTS), ALTER (RESTART, INCREMENT, bounds,
-- CYCLE, OWNED BY, AS, rename, schema, UNLOGGED), defaults using nextval, setval, DROP.
CREATE SEQUENCE app.invoice_no_seq;
CREATE SEQUENCE IF NOT EXISTS app.invoice_no_seq;
CREATE SEQUENCE billing.ledger_seq AS integer START WITH 100 INCREMENT BY 5 MINVALUE 100 MAXVALUE 1000000 CACHE 10 CYCLE;
CREATE SEQUENCE app.countdown_seq INCREMENT BY -1 START WITH 100 MINVALUE 1 MAXVALUE 100 NO CYCLE;
ALTER SEQUENCE app.invoice_no_seq RESTART WITH 1000;
ALTER SEQUENCE app.invoice_no_seq INCREMENT BY 2;
ALTER SEQUENCE app.invoice_no_seq MAXVALUE 99999999 NO CYCLE;
ALTER SEQUENCE app.invoice_no_seq NO MAXVALUE;
ALTER SEQUENCE billing.ledger_seq AS bigint MAXVALUE 10000000000;
ALTER SEQUENCE billing.ledger_seq NO CYCLE CACHE 1;
CREATE TABLE billing.invoices (
    id         integer NOT NULL DEFAULT nextval('app.invoice_no_seq'),
    ledger_no  bigint NOT NULL DEFAULT nextval('billing.ledger_seq'::regclass),
    amount     app.money_cents NOT NULL,
    issued_on  date NOT NULL DEFAULT CURRENT_DATE,
    CONSTRAINT invoices_pkey PRIMARY KEY (id)
);
ALTER SEQUENCE app.invoice_no_seq SET SCHEMA billing;
ALTER SEQUENCE billing.invoice_no_seq OWNED BY billing.invoices.id;
ALTER SEQUENCE billing.invoice_no_seq RENAME TO invoice_id_seq;
ALTER SEQUENCE app.countdown_seq OWNED BY app.tickets.code;
ALTER SEQUENCE app.countdown_seq OWNED BY NONE;
ALTER SEQUENCE app.countdown_seq SET UNLOGGED;
ALTER SEQUENCE app.countdown_seq SET LOGGED;
ALTER SEQUENCE IF EXISTS app.no_such_seq RESTART;
SELECT setval('billing.ledger_seq', 500, false);
SELECT nextval('app.countdown_seq');
CREATE SEQUENCE app.tmp_seq;
DROP SEQUENCE app.tmp_seq;
DROP SEQUENCE IF EXISTS app.tmp_seq, app.other_tmp_seq;
COMMENT ON SEQUENCE billing.ledger_seq IS 'ledger numbers, gap-free not guaranteed';
