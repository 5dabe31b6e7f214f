-- expect-sqlstate: 22023
-- ADD VALUE BEFORE a label the enum does not have
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TYPE mood ADD VALUE 'calm' BEFORE 'angry';
