CREATE SCHEMA scratch;
DROP SCHEMA scratch;
CREATE SCHEMA billing;
-- airlock:down
DROP SCHEMA billing;
