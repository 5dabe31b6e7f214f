CREATE TABLE "Ünïcödé" ("ключ" int, 値 text,, x int);
