-- airlock:message natural key instead of the serial one
-- The sequence the serial column owns goes with the column, its default too:
-- PostgreSQL accepts this without CASCADE.
ALTER TABLE queue_items DROP CONSTRAINT queue_items_pkey;
ALTER TABLE queue_items DROP COLUMN id;
ALTER TABLE queue_items ADD PRIMARY KEY (queue, message);
