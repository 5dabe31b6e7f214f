-- ${tenant} comes from the project's configuration, which airlock does not read
CREATE SCHEMA IF NOT EXISTS tenant_${tenant};
CREATE TABLE settings (k text PRIMARY KEY, v text);
