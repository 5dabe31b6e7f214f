-- expect-sqlstate: 42883
-- the classic array_accum aggregate: array_append takes anycompatiblearray since PostgreSQL 14
CREATE AGGREGATE array_accum (anyelement) (
    SFUNC = array_append,
    STYPE = anyarray,
    INITCOND = '{}'
);
