-- expect-sqlstate: 42601
-- a typo in a keyword
CREATE TABEL t (a integer);
