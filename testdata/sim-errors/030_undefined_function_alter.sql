-- expect-sqlstate: 42883
-- ALTER FUNCTION of a function that does not exist
ALTER FUNCTION missing_fn(integer) RENAME TO other_fn;
