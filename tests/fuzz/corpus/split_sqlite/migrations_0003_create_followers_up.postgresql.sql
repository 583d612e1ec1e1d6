-- Who follows whom: a self-referencing many-to-many on users.
CREATE TABLE followers (
    follower_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followed_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, followed_id),
    CONSTRAINT followers_not_self CHECK (follower_id <> followed_id)
);
-- The primary key serves lookups by follower; this one serves "who follows X".
CREATE INDEX followers_followed_id_idx ON followers (followed_id);
