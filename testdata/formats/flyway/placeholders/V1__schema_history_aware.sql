-- Flyway replaces its built-in placeholders before parsing, comments included:
-- this script is ${flyway:filename}
CREATE TABLE ${flyway:defaultSchema}.audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    history_table text NOT NULL DEFAULT '${flyway:table}',
    created_by text NOT NULL DEFAULT '${flyway:user}'
);
COMMENT ON TABLE audit IS 'written by ${flyway:filename}';
