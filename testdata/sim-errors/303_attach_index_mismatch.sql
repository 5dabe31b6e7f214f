-- expect-sqlstate: 42P17
-- ALTER INDEX ... ATTACH PARTITION needs an index of the same definition
CREATE TABLE attach_mm (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE attach_mm_1 PARTITION OF attach_mm FOR VALUES FROM (0) TO (10);
CREATE INDEX attach_mm_a ON ONLY attach_mm (a);
CREATE INDEX attach_mm_1_b ON attach_mm_1 (b);
ALTER INDEX attach_mm_a ATTACH PARTITION attach_mm_1_b;
