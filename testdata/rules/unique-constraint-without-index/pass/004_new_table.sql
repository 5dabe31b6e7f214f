CREATE TABLE coupons (id bigint PRIMARY KEY, code text NOT NULL);
ALTER TABLE coupons ADD CONSTRAINT coupons_code_key UNIQUE (code);
