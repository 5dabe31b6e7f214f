-- expect-sqlstate: 42704
-- DROP TRIGGER without IF EXISTS
CREATE TABLE t (a integer);
DROP TRIGGER missing_trg ON t;
