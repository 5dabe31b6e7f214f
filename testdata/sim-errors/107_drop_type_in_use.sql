-- expect-sqlstate: 2BP01
-- DROP TYPE of an enum a column uses
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (m mood);
DROP TYPE mood;
