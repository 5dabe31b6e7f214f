-- expect-sqlstate: 42883
-- DROP FUNCTION without IF EXISTS
DROP FUNCTION missing_fn();
