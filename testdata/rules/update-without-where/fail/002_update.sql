UPDATE customers SET name = lower(name);
