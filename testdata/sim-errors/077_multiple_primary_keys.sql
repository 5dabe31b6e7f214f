-- expect-sqlstate: 42P16
-- a second primary key
CREATE TABLE t (a integer PRIMARY KEY, b integer);
ALTER TABLE t ADD PRIMARY KEY (b);
