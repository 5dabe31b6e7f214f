-- Deploy shop:set_updated_at from pg

BEGIN;

-- clock_timestamp(): the time of the update itself, not of the transaction.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END;
$$;

COMMIT;
