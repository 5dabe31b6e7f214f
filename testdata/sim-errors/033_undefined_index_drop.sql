-- expect-sqlstate: 42704
-- DROP INDEX without IF EXISTS
DROP INDEX missing_idx;
