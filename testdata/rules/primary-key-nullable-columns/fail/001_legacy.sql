CREATE TABLE legacy (code text, label text);
CREATE TABLE legacy2 (code text NOT NULL, label text);
