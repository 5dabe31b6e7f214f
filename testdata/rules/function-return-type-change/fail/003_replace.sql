CREATE OR REPLACE FUNCTION order_count(customer bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT 1::bigint $$;
