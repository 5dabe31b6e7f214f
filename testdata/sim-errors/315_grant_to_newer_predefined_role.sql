-- expect-sqlstate: 42704
-- pg_maintain is a predefined role of PostgreSQL 17, not 15
CREATE TABLE maint_target (id int);
GRANT SELECT ON maint_target TO pg_read_all_data;
GRANT SELECT ON maint_target TO pg_maintain;
