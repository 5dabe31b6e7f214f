CREATE OR REPLACE VIEW customer_emails AS SELECT id FROM customers;
