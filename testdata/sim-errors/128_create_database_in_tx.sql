-- expect-sqlstate: 25001
-- CREATE DATABASE inside a transaction block
BEGIN;
CREATE DATABASE airlock_never_created;
