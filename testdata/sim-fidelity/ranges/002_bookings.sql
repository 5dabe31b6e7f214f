CREATE EXTENSION btree_gist;
CREATE TABLE bookings (room integer NOT NULL, during tstzrange NOT NULL, days daterange, EXCLUDE USING gist (room WITH =, during WITH &&));
INSERT INTO bookings VALUES (1, '[2025-01-01 10:00,2025-01-01 11:00)', '[2025-01-01,2025-01-01]'), (1, '[2025-01-01 11:00,2025-01-01 12:00)', '(2025-01-01,2025-01-03)'), (2, '[2025-01-01 10:30,2025-01-01 11:30)', NULL);
ALTER TABLE bookings ADD CONSTRAINT bookings_days_excl EXCLUDE USING gist (days WITH &&);
ALTER TABLE bookings ADD COLUMN note text DEFAULT 'x' NOT NULL;
