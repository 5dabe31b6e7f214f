-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY a_id ON a (id);
CREATE INDEX CONCURRENTLY a_name ON a (name);

-- migrate:down
DROP INDEX a_name;
DROP INDEX a_id;
