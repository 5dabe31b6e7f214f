-- expect-sqlstate: 42710
-- RENAME VALUE to a label the enum has
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TYPE mood RENAME VALUE 'sad' TO 'happy';
