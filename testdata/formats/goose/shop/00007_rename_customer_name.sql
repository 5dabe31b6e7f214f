-- +goose Up
ALTER TABLE customers RENAME COLUMN name TO full_name;

-- +goose Down
ALTER TABLE customers RENAME COLUMN full_name TO name;
