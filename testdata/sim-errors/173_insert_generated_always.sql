-- expect-sqlstate: 428C9
-- INSERT into a GENERATED ALWAYS identity column
CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY, a text);
INSERT INTO t (id, a) VALUES (1, 'x');
