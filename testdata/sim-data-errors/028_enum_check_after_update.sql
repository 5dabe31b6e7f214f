-- expect-sqlstate: 23514
-- an enum column's CHECK that an updated row violates
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (m mood);
INSERT INTO t VALUES ('ok'), ('happy');
UPDATE t SET m = 'sad' WHERE m = 'ok';
ALTER TABLE t ADD CONSTRAINT t_m_check CHECK (m > 'sad');
