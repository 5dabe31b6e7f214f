-- airlock:revision 1a7ea01e4f59
-- airlock:parents 73f5e86801a0
-- airlock:message rename customers.name to full_name
-- airlock:up
ALTER TABLE customers RENAME COLUMN name TO full_name;

-- airlock:down
ALTER TABLE customers RENAME COLUMN full_name TO name;
