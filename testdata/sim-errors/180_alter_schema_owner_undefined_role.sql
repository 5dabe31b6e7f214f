-- expect-sqlstate: 42704
-- ALTER SCHEMA ... OWNER TO a role the cluster does not have (roles are cluster-wide)
CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO app_owner;
