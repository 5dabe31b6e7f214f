-- expect-sqlstate: 23505
-- unique expression index over values equal after lower()
CREATE TABLE t (email text);
INSERT INTO t VALUES ('Ann@example.com'), ('ann@example.com');
CREATE UNIQUE INDEX t_email_key ON t (lower(email));
