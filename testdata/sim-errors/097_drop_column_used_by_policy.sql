-- expect-sqlstate: 2BP01
-- DROP COLUMN a policy expression uses
CREATE TABLE t (a integer, owner_id integer);
CREATE POLICY t_own ON t USING (owner_id = 1);
ALTER TABLE t DROP COLUMN owner_id;
