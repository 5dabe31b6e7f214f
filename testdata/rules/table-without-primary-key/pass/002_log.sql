CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY, message text);
ALTER TABLE audit_log ADD PRIMARY KEY (id);
CREATE TEMP TABLE scratch (x int);
