-- airlock:message a table no statement creates predates the chain, with its constraints and triggers
ALTER TABLE legacy_accounts DROP CONSTRAINT legacy_accounts_email_check;
DROP TRIGGER legacy_accounts_touch ON legacy_accounts;
