-- The expand/backfill/contract dance over seeded rows.
ALTER TABLE accounts ADD COLUMN region text;
UPDATE accounts SET region = 'eu' WHERE country IN ('de', 'fr', 'nl');
UPDATE accounts SET region = 'unknown' WHERE region IS NULL;
ALTER TABLE accounts ALTER COLUMN region SET NOT NULL;
UPDATE accounts SET score = 0 WHERE score IS NULL OR score < 0;
ALTER TABLE accounts ADD CONSTRAINT accounts_score_check CHECK (score >= 0);
ALTER TABLE accounts ALTER COLUMN score SET NOT NULL;
ALTER TABLE accounts ADD COLUMN verified boolean NOT NULL DEFAULT false;
ALTER TABLE accounts ADD COLUMN joined date NOT NULL DEFAULT CURRENT_DATE;
ALTER TABLE accounts ADD COLUMN external_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX accounts_external_id_key ON accounts (external_id);
DELETE FROM accounts WHERE plan_id IS NULL;
ALTER TABLE accounts ALTER COLUMN plan_id SET NOT NULL;
ALTER TABLE accounts ALTER COLUMN status SET NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_status_check CHECK (status IN ('active', 'suspended'));
