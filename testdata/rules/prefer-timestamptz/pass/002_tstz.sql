CREATE TABLE t1 (id bigint PRIMARY KEY, at timestamptz, seen timestamp with time zone, day date);
