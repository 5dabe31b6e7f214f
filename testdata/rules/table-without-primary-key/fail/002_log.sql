CREATE TABLE audit_log (at timestamptz NOT NULL, message text);
