-- expect-sqlstate: 23P01
-- ADD EXCLUDE over date ranges that touch (inclusive bounds)
CREATE TABLE s (id integer, d daterange);
INSERT INTO s VALUES (1, '[2025-01-01,2025-01-31]'), (2, '[2025-01-31,2025-02-10)');
ALTER TABLE s ADD CONSTRAINT s_no_overlap EXCLUDE USING gist (d WITH &&);
