-- One reaction per user and post; the kinds are the seed's upper-case names.
CREATE TABLE reactions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    reaction VARCHAR(50) NOT NULL CHECK (reaction IN ('LIKE', 'LOVE', 'HAHA', 'WOW', 'SAD', 'ANGRY')),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, post_id)
);
CREATE INDEX reactions_post_id_idx ON reactions (post_id);
