-- expect-sqlstate: 42704
-- set_config() checks the parameter name too (a name with a dot would be a placeholder)
SELECT pg_catalog.set_config('app.tenant', 'acme', false);
SELECT pg_catalog.set_config('idle_session_timeout', '0', false);
SELECT pg_catalog.set_config('transaction_timeout', '0', false);
