-- the column is already NOT NULL: no scan
ALTER TABLE legacy2 ADD CONSTRAINT legacy2_pkey PRIMARY KEY USING INDEX legacy2_code_key;
-- a CHECK proving NOT NULL, validated later
ALTER TABLE legacy ADD CONSTRAINT legacy_code_nn CHECK (code IS NOT NULL) NOT VALID;
