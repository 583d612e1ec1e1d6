-- Who follows whom: a self-referencing many-to-many on users.
CREATE TABLE followers (
    follower_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followed_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (follower_id, followed_id),
    CHECK (follower_id <> followed_id)
);
-- The primary key serves lookups by follower; this one serves "who follows X".
CREATE INDEX followers_followed_id_idx ON followers (followed_id);
