-- +goose Up
-- +goose ENVSUB ON
ALTER TABLE products ADD COLUMN slug text; -- filled by the application
-- +goose ENVSUB OFF

-- +goose Down
ALTER TABLE products DROP COLUMN slug;
