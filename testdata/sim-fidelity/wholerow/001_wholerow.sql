-- Whole-row references (a table's or alias's name alone) and system columns
-- in the statements migrations write: JSON snapshots of rows, dedupe by ctid.
CREATE TABLE items (id bigint PRIMARY KEY, sku text NOT NULL, qty int NOT NULL DEFAULT 0);
INSERT INTO items VALUES (1, 'a', 1), (2, 'b', 2), (3, 'b', 3);
CREATE TABLE item_snapshots (id bigserial PRIMARY KEY, item jsonb NOT NULL);
INSERT INTO item_snapshots (item) SELECT to_jsonb(i) FROM items i;
INSERT INTO item_snapshots (item) SELECT row_to_json(items)::jsonb FROM items WHERE qty > 1;
-- keep one row per sku: the classic ctid dedupe before a unique index
DELETE FROM items a USING items b WHERE a.sku = b.sku AND a.ctid < b.ctid;
UPDATE items SET qty = qty + 1 WHERE ctid IN (SELECT ctid FROM items WHERE qty = 1);
CREATE UNIQUE INDEX items_sku_key ON items (sku);
CREATE VIEW item_json AS SELECT i.id, row_to_json(i) AS doc FROM items i;
CREATE VIEW item_rows AS SELECT items AS item FROM items;
CREATE TABLE audit (id int, CHECK (audit IS NOT NULL));
