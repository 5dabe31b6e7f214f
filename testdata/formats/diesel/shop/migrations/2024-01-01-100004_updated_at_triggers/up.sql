SELECT diesel_manage_updated_at('orders');
SELECT diesel_manage_updated_at('products');
