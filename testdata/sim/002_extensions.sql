-- Extensions shipped in Debian's postgresql-15 package (contrib).
CREATE EXTENSION citext;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION btree_gist;
CREATE EXTENSION pg_trgm WITH SCHEMA public;
CREATE EXTENSION "uuid-ossp";
DROP EXTENSION "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS citext;
COMMENT ON EXTENSION citext IS 'case-insensitive text for emails';
