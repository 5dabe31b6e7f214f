CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> aaa111

CREATE TABLE a (
    id SERIAL NOT NULL, 
    PRIMARY KEY (id)
);

INSERT INTO alembic_version (version_num) VALUES ('aaa111') RETURNING alembic_version.version_num;

-- Running upgrade aaa111 -> bbb222

CREATE INDEX CONCURRENTLY ix_a_id ON a (id);

UPDATE alembic_version SET version_num='bbb222' WHERE alembic_version.version_num = 'aaa111';

