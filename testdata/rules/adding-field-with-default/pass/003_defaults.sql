-- constants and non-volatile functions are stored once in the catalog (PostgreSQL 11+)
ALTER TABLE customers ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE customers ADD COLUMN seen_at timestamptz DEFAULT now();
ALTER TABLE customers ADD COLUMN tenant text DEFAULT tenant_default();
ALTER TABLE customers ADD COLUMN tags text[] DEFAULT '{}';
