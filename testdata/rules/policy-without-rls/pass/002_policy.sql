CREATE POLICY customers_self ON customers USING (email = current_user);
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
