CREATE OR REPLACE VIEW customer_emails AS SELECT id, email, name FROM customers;
