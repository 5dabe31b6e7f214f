CREATE TABLE t (
	id bigint,
	data jsonb DEFAULT '{}'::jsonb
	name text
);
