-- created only by the next revision: the order is wrong
ALTER TABLE invoices ADD COLUMN nickname text;
-- already there
ALTER TABLE customers ADD COLUMN email text;
-- a table the chain never creates predates it: not reported
ALTER TABLE legacy_accounts ADD COLUMN nickname text;
