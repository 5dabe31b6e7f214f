-- A callback, not a migration: Flyway runs it after every migrate.
ANALYZE;
