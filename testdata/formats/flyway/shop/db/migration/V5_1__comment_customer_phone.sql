COMMENT ON COLUMN customers.phone IS 'E.164, e.g. +31201234567';
