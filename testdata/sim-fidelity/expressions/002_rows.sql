-- row comparisons and interval inputs
CREATE TABLE r (a int, b int, c numeric, i interval DEFAULT '0', j interval DEFAULT 'PT90M');
ALTER TABLE r ADD CHECK ((a, b) < (1, 2)), ADD CHECK ((a, b, c) = (1, 2, 3)), ADD CHECK ((a, c) >= (1, 1.5)), ADD CHECK ((a) = (1)), ADD CHECK (ROW(a, b) <> ROW(1, 2));
