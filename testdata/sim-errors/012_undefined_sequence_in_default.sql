-- expect-sqlstate: 42P01
-- nextval of a sequence that does not exist
CREATE TABLE t (id bigint DEFAULT nextval('missing_seq'));
