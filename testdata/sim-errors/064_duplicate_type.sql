-- expect-sqlstate: 42710
-- CREATE TYPE twice
CREATE TYPE mood AS ENUM ('sad');
CREATE TYPE mood AS ENUM ('happy');
