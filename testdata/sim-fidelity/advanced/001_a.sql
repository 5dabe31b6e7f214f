CREATE EXTENSION btree_gist;
CREATE TYPE status AS ENUM ('active', 'inactive');
CREATE DOMAIN short_text AS varchar(20) DEFAULT 'n/a' CHECK (length(VALUE) > 0);
CREATE TABLE rooms (id int PRIMARY KEY, name short_text, st status DEFAULT 'active', area numeric CHECK (area > 0));
CREATE TABLE bookings (
  id bigserial PRIMARY KEY,
  room_id int NOT NULL REFERENCES rooms ON DELETE CASCADE,
  during tsrange NOT NULL,
  price int CHECK (price >= 0),
  code text CHECK (code ~ '^[A-Z]{3}$'),
  EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
CREATE INDEX bookings_price_expr ON bookings ((price * 2)) WHERE price IS NOT NULL;
CREATE INDEX bookings_code_lower ON bookings (lower(code));
ALTER TABLE bookings ALTER COLUMN price TYPE bigint;
ALTER TABLE bookings ALTER COLUMN code TYPE varchar(3);
ALTER TYPE status RENAME VALUE 'inactive' TO 'disabled';
ALTER TYPE status RENAME TO room_status;
ALTER DOMAIN short_text SET DEFAULT 'none';
ALTER DOMAIN short_text ADD CONSTRAINT no_space CHECK (VALUE !~ ' ');
ALTER DOMAIN short_text RENAME CONSTRAINT no_space TO nospace;
CREATE SCHEMA archive;
ALTER TABLE bookings SET SCHEMA archive;
CREATE VIEW room_names WITH (security_invoker = true) AS SELECT id, name FROM rooms;
CREATE TABLE logs (id int, at timestamptz NOT NULL, msg text) PARTITION BY RANGE (at);
CREATE INDEX logs_at_idx ON ONLY logs (at);
CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE logs_2023 (id int, at timestamptz NOT NULL, msg text);
CREATE INDEX logs_2023_at ON logs_2023 (at);
ALTER TABLE logs ATTACH PARTITION logs_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
ALTER INDEX logs_at_idx ATTACH PARTITION logs_2023_at;
CREATE TABLE logs_2022 PARTITION OF logs FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
ALTER TABLE logs DETACH PARTITION logs_2022;
ALTER TABLE rooms ADD COLUMN capacity int;
CREATE VIEW big_rooms AS SELECT id, capacity FROM rooms WHERE capacity > 10;
ALTER TABLE rooms DROP COLUMN capacity CASCADE;
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER rooms_trg BEFORE INSERT ON rooms FOR EACH ROW EXECUTE FUNCTION trg();
CREATE CONSTRAINT TRIGGER rooms_ctrg AFTER UPDATE ON rooms DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION trg();
COMMENT ON TRIGGER rooms_trg ON rooms IS 'before insert';
COMMENT ON CONSTRAINT rooms_area_check ON rooms IS 'positive';
COMMENT ON SCHEMA archive IS 'old stuff';
COMMENT ON EXTENSION btree_gist IS 'gist for btree types';
DROP FUNCTION trg() CASCADE;
CREATE TABLE t_rt (a text CHECK (a <> ''), b text DEFAULT 'x');
ALTER TABLE t_rt ALTER COLUMN a TYPE varchar(10), ALTER COLUMN b TYPE varchar(5);
CREATE TABLE t_int (n int DEFAULT 42 CHECK (n > 0));
ALTER TABLE t_int ALTER COLUMN n TYPE numeric(6,1);
CREATE SEQUENCE counter AS smallint INCREMENT BY -1 CYCLE;
ALTER SEQUENCE counter RESTART WITH -5 CACHE 10;
CREATE TABLE gen (a int, b int, c int GENERATED ALWAYS AS (a + b) STORED, d text GENERATED ALWAYS AS (coalesce(a::text, '') || '-' || coalesce(b::text, '')) STORED);
ALTER TABLE gen ALTER COLUMN c DROP EXPRESSION;
CREATE TABLE parent_t (id int, note text, CHECK (id > 0));
CREATE TABLE child_t (extra int) INHERITS (parent_t);
ALTER TABLE parent_t ADD COLUMN added boolean DEFAULT false;
ALTER TABLE child_t NO INHERIT parent_t;
