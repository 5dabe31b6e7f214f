-- expect-sqlstate: 42710
-- ADD VALUE of a label the enum has
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TYPE mood ADD VALUE 'happy';
