CREATE TABLE posts (
    id serial PRIMARY KEY,
    author_id uuid NOT NULL,
    title varchar(200) NOT NULL,
    body text,
    status varchar(20) NOT NULL DEFAULT 'draft',
    published_at timestamp,
    view_count bigint DEFAULT 0 NOT NULL,
    rating numeric(3,2),
    tags text[] DEFAULT '{}'::text[],
    metadata json,
    search_vector tsvector,
    CONSTRAINT posts_status_check CHECK (status IN ('draft', 'published', 'archived')),
    CONSTRAINT posts_rating_range CHECK (rating IS NULL OR (rating >= 0 AND rating <= 5)),
    CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id)
);
CREATE INDEX idx_posts_author ON posts(author_id);
CREATE INDEX idx_posts_published ON posts(published_at) WHERE status = 'published';
CREATE INDEX idx_posts_tags ON posts USING gin(tags);
CREATE INDEX idx_posts_search ON posts USING gin(search_vector);
CREATE INDEX idx_posts_title_trgm ON posts (title varchar_pattern_ops);
COMMENT ON TABLE posts IS 'Blog posts';
COMMENT ON COLUMN posts.status IS 'draft/published/archived';
CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = NOW();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE PROCEDURE update_updated_at_column();
CREATE FUNCTION posts_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
begin
  new.search_vector := to_tsvector('english', coalesce(new.title, '') || ' ' || coalesce(new.body, ''));
  return new;
end
$$;
CREATE TRIGGER posts_search_update BEFORE INSERT OR UPDATE OF title, body ON posts FOR EACH ROW EXECUTE FUNCTION posts_search_trigger();
