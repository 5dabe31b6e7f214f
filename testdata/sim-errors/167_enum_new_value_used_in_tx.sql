-- expect-sqlstate: 55P04
-- using an enum value added in the same transaction
CREATE TYPE mood AS ENUM ('sad');
BEGIN;
ALTER TYPE mood ADD VALUE 'happy';
SELECT 'happy'::mood;
