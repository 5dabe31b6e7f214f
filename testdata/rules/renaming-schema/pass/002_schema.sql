CREATE SCHEMA billing;
ALTER SCHEMA billing RENAME TO invoicing;
