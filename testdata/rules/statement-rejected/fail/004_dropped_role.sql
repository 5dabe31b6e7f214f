-- airlock:message a role the chain itself dropped is gone for sure
CREATE ROLE auditor;
DROP ROLE auditor;
CREATE TABLE audit_log (id bigint PRIMARY KEY);
ALTER TABLE audit_log OWNER TO auditor;
