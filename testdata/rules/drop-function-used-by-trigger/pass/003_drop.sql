DROP TRIGGER customers_touch ON customers;
DROP FUNCTION touch();
