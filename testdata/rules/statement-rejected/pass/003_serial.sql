-- airlock:message a table with a serial key
CREATE TABLE queue_items (
    id serial PRIMARY KEY,
    queue text NOT NULL,
    message text NOT NULL
);
