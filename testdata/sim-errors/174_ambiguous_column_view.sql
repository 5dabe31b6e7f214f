-- expect-sqlstate: 42702
-- view selecting a column name two joined tables have
CREATE TABLE a (id integer);
CREATE TABLE b (id integer);
CREATE VIEW v AS SELECT id FROM a CROSS JOIN b;
