-- expect-sqlstate: 42P01
-- ALTER INDEX RENAME of an index that does not exist
ALTER INDEX missing_idx RENAME TO other_idx;
