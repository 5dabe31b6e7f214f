-- expect-sqlstate: 0A000
-- WITH (OIDS=TRUE) was removed in PostgreSQL 12 (OIDS=FALSE is still accepted)
CREATE TABLE t (a integer) WITH (OIDS=TRUE);
