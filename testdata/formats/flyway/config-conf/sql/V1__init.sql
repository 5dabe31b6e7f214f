-- unqualified names are created in ${flyway:defaultSchema}
CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL DEFAULT '${greeting}'
);
CREATE TABLE audit.events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint REFERENCES customers (id),
    kept interval NOT NULL DEFAULT '${retention}'
);
ALTER TABLE customers OWNER TO ${owner_role};
