-- expect-sqlstate: 0A000
-- ALTER COLUMN TYPE of a column a policy uses
CREATE TABLE t (a integer, owner_id integer);
CREATE POLICY t_own ON t USING (owner_id = 1);
ALTER TABLE t ALTER COLUMN owner_id TYPE bigint;
