-- airlock:message ownership by a role no revision creates: roles are the
-- cluster's, made outside migrations, so it exists in production (a schema
-- of the same name is no evidence either way)
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY);
ALTER TABLE billing.invoices OWNER TO billing;
GRANT SELECT ON billing.invoices TO billing_reader;
