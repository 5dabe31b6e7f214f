-- expect-sqlstate: 42704
-- a PostgreSQL 17 pg_dump's preamble: transaction_timeout is unknown to PostgreSQL 15
SET statement_timeout = 0;
SET lock_timeout = 0;
SET transaction_timeout = 0;
