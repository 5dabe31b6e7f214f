CREATE DOMAIN phone AS text;
ALTER DOMAIN phone ADD CONSTRAINT phone_digits CHECK (VALUE ~ '^[0-9+]+$');
