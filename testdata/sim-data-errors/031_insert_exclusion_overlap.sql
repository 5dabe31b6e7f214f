-- expect-sqlstate: 23P01
-- INSERT of a booking overlapping another of the same room
CREATE EXTENSION btree_gist;
CREATE TABLE b (room integer, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));
INSERT INTO b VALUES (1, '[2025-01-01 10:00,2025-01-01 11:00)'), (2, '[2025-01-01 10:30,2025-01-01 11:30)');
INSERT INTO b VALUES (1, '[2025-01-01 11:00,2025-01-01 12:00)');
INSERT INTO b VALUES (1, '[2025-01-01 10:59:59.5,2025-01-01 11:30]');
