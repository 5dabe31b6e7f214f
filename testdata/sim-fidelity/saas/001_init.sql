CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE user_role AS ENUM ('admin', 'member', 'guest');
CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    email citext NOT NULL UNIQUE,
    username varchar(50) NOT NULL,
    password_hash text NOT NULL,
    role user_role NOT NULL DEFAULT 'member',
    is_active boolean NOT NULL DEFAULT TRUE,
    login_count integer NOT NULL DEFAULT 0 CHECK (login_count >= 0),
    last_login_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT users_username_length CHECK (char_length(username) >= 3),
    CONSTRAINT users_email_format CHECK (email ~* '^[^@]+@[^@]+$')
);
CREATE UNIQUE INDEX users_username_lower_idx ON users (lower(username));
CREATE INDEX users_created_at_idx ON users (created_at DESC);
CREATE INDEX users_active_idx ON users (id) WHERE is_active;
CREATE TABLE organizations (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'enterprise')),
    settings jsonb NOT NULL DEFAULT '{"theme": "light", "notifications": true}'::jsonb,
    seats smallint DEFAULT 5,
    created_at timestamptz DEFAULT now()
);
CREATE UNIQUE INDEX ON organizations (slug);
CREATE TABLE memberships (
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, organization_id)
);
CREATE INDEX memberships_org_idx ON memberships (organization_id);
