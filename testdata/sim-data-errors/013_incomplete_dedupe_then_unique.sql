-- expect-sqlstate: 23505
-- duplicates left after a cleanup, then a unique index
CREATE TABLE t (id integer, email text);
INSERT INTO t VALUES (1, 'a@x'), (2, 'a@x'), (3, 'b@x'), (4, 'b@x');
DELETE FROM t WHERE id = 2;
CREATE UNIQUE INDEX t_email_key ON t (email);
