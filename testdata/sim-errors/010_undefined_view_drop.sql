-- expect-sqlstate: 42P01
-- DROP VIEW without IF EXISTS
DROP VIEW missing_view;
