CREATE POLICY customers_self ON customers USING (email = current_user);
