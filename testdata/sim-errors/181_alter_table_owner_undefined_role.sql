-- expect-sqlstate: 42704
-- ALTER TABLE ... OWNER TO a role that does not exist: checked after the table
CREATE TABLE t (a integer);
ALTER TABLE t
    OWNER TO app_owner;
