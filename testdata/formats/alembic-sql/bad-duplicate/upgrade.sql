-- Running upgrade  -> aaa111

CREATE TABLE a (id INTEGER NOT NULL);

INSERT INTO alembic_version (version_num) VALUES ('aaa111') RETURNING alembic_version.version_num;

-- Running upgrade aaa111 -> bbb222

ALTER TABLE a ADD COLUMN b TEXT;

UPDATE alembic_version SET version_num='bbb222' WHERE alembic_version.version_num = 'aaa111';

-- Running upgrade aaa111 -> bbb222

ALTER TABLE a ADD COLUMN b TEXT;;

UPDATE alembic_version SET version_num='bbb222' WHERE alembic_version.version_num = 'aaa111';

