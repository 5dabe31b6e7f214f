CREATE TABLE b (
    label text DEFAULT 'café'
);
