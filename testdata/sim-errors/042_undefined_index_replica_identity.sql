-- expect-sqlstate: 42704
-- REPLICA IDENTITY USING an index that does not exist
CREATE TABLE t (a integer NOT NULL);
ALTER TABLE t REPLICA IDENTITY USING INDEX missing_idx;
