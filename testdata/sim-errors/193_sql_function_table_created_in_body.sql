-- expect-sqlstate: 42P01
-- every statement of the body is analysed before any runs: the table the first one
-- would create does not exist for the second
CREATE FUNCTION setup_log() RETURNS void LANGUAGE sql AS $$
  CREATE TABLE IF NOT EXISTS audit_log (msg text);
  INSERT INTO audit_log VALUES ('ready');
$$;
