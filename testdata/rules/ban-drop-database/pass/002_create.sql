-- airlock:transaction off
CREATE DATABASE analytics;
-- airlock:down
DROP DATABASE analytics;
