-- Enums: create, ADD VALUE (BEFORE/AFTER/IF NOT EXISTS), RENAME VALUE, rename, set schema, drop.
-- Values added here are used only by later files (a new value is unusable in its own transaction).
CREATE TYPE app.order_status AS ENUM ('new', 'paid', 'shipped');
ALTER TYPE app.order_status ADD VALUE 'cancelled';
ALTER TYPE app.order_status ADD VALUE 'draft' BEFORE 'new';
ALTER TYPE app.order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'shipped';
ALTER TYPE app.order_status ADD VALUE IF NOT EXISTS 'paid';
ALTER TYPE app.order_status RENAME VALUE 'new' TO 'pending';
CREATE TYPE public.mood AS ENUM ();
ALTER TYPE public.mood ADD VALUE 'happy';
ALTER TYPE public.mood RENAME TO feeling;
ALTER TYPE public.feeling SET SCHEMA app;
ALTER TYPE app.feeling OWNER TO postgres;
CREATE TYPE app.unused AS ENUM ('a', 'b');
DROP TYPE app.unused;
DROP TYPE IF EXISTS app.never_created;
COMMENT ON TYPE app.order_status IS 'lifecycle of an order';
