DROP TRIGGER set_updated_at ON products;
DROP TRIGGER set_updated_at ON orders;
