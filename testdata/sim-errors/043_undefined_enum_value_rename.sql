-- expect-sqlstate: 22023
-- RENAME VALUE of a label the enum does not have
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TYPE mood RENAME VALUE 'angry' TO 'calm';
